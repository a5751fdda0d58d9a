import { DIALECTS, type DbType } from '../dialects';
import { ConnectionStringError, type ParsedConnection } from './types';

export { ConnectionStringError, type ParsedConnection } from './types';

/** Never throws anything but ConnectionStringError, whatever the input. */
export function parseConnectionString(dbType: DbType, text: string): ParsedConnection {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new ConnectionStringError(null, 'The connection string contains control characters');
  try {
    return DIALECTS[dbType].connectionString.parse(text);
  } catch (error) {
    if (error instanceof ConnectionStringError) throw error;
    throw new ConnectionStringError(null, 'The connection string could not be read');
  }
}

export function formatConnectionString(dbType: DbType, fields: ParsedConnection): string {
  return DIALECTS[dbType].connectionString.format(fields);
}

/** URI schemes (and JDBC prefixes) that name a database type without doubt. */
const SCHEMES: [RegExp, DbType][] = [
  [/^postgres(ql)?:\/\//i, 'postgresql'],
  [/^(mysql|mariadb):\/\//i, 'mysql'],
  [/^(jdbc:)?(sqlserver|mssql):\/\//i, 'sqlserver'],
  [/^(jdbc:oracle:|oracle:\/\/)/i, 'oracle'],
  [/^snowflake:\/\//i, 'snowflake'],
  [/^databricks:\/\//i, 'databricks'],
  [/^sqlite:/i, 'sqlite'],
];

/** The database type a pasted string's scheme names (`mysql://…` is MySQL), or null. */
export function dbTypeOfString(text: string): DbType | null {
  const trimmed = text.trim();
  return SCHEMES.find(([scheme]) => scheme.test(trimmed))?.[1] ?? null;
}
