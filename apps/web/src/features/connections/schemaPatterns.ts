import { DIALECTS, type Connection, type DbType } from '@sluice/contracts';

/** Types whose catalog reads several schemas, and so take include/exclude patterns. */
export const takesSchemaPatterns = (dbType: DbType) => DIALECTS[dbType].location === 'network';

const patternList = (value: string) =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

export function patternsOf(values: {
  dbType: DbType;
  schemaInclude: string;
  schemaExclude: string;
}): Record<string, string[]> | undefined {
  if (!takesSchemaPatterns(values.dbType)) return undefined;
  const include = patternList(values.schemaInclude);
  const exclude = patternList(values.schemaExclude);
  if (include.length === 0 && exclude.length === 0) return undefined;
  return { ...(include.length && { include }), ...(exclude.length && { exclude }) };
}

export function patternText(connection: Connection, key: 'include' | 'exclude'): string {
  const schemas = connection.options['schemas'] as Record<string, unknown> | undefined;
  const list = schemas?.[key];
  return Array.isArray(list) ? list.join(', ') : '';
}
