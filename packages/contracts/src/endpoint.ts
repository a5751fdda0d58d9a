import { DB_TYPES, DEFAULT_PORTS, DIALECTS, type DbType } from './dialects';

/** What names the server a stored secret is sent to. */
export interface EndpointShape {
  dbType: DbType;
  host?: string | null;
  port?: number | null;
  options?: Record<string, unknown> | null;
}

/**
 * The fields that say where a secret goes: a stored password, token or key is only ever sent to
 * the endpoint it was saved with, so a change of any of them needs the secret typed again.
 * (Snowflake's account names its host; a SQL Server instance name picks the port.)
 */
export const ENDPOINT_FIELDS: readonly string[] = [
  'dbType',
  'host',
  'port',
  // Sorted: a stored credential's binding (endpointKey) must not depend on the dialects' order.
  ...[
    ...new Set(
      DB_TYPES.flatMap((type) => DIALECTS[type].endpointOptions.map((o) => `options.${o}`)),
    ),
  ].sort(),
];
export type EndpointField = string;

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim().toLowerCase().replace(/\.$/, '') : '';

function valuesOf(shape: EndpointShape): Record<EndpointField, string> {
  const options = shape.options ?? {};
  return Object.fromEntries([
    ['dbType', shape.dbType],
    ['host', text(shape.host).replace(/^\[|\]$/g, '')],
    ['port', String(shape.port ?? DEFAULT_PORTS[shape.dbType] ?? '')],
    ...ENDPOINT_FIELDS.filter((f) => f.startsWith('options.')).map((f) => [
      f,
      text(options[f.slice('options.'.length)]),
    ]),
  ]) as Record<EndpointField, string>;
}

/** One string per endpoint: what a sealed credential is bound to. */
export function endpointKey(shape: EndpointShape): string {
  return JSON.stringify(Object.values(valuesOf(shape)));
}

/** The endpoint fields that differ between two shapes; empty when the secret may follow. */
export function endpointChanges(from: EndpointShape, to: EndpointShape): EndpointField[] {
  const a = valuesOf(from);
  const b = valuesOf(to);
  return ENDPOINT_FIELDS.filter((field) => a[field] !== b[field]);
}
