import { DB_TYPES, DEFAULT_PORTS, DIALECTS, type DbType } from './dialects';

/** What names the server a stored secret is sent to. */
export interface EndpointShape {
  dbType: DbType;
  host?: string | null;
  port?: number | null;
  options?: Record<string, unknown> | null;
  /** Through a bastion, the secrets (the database's too) travel that way: bound to it as well. */
  sshTunnel?: { host: string; port?: number | null; username?: string | null } | null;
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

type Bastion = EndpointShape['sshTunnel'];

/** The bastion as one string (user as typed: SSH names are case-sensitive; host; port); empty for none. */
function bastionKey(tunnel: Bastion): string {
  if (!tunnel) return '';
  return `ssh:${tunnel.username ?? ''}@${text(tunnel.host).replace(/^\[|\]$/g, '')}:${tunnel.port ?? 22}`;
}

/** The same bastion, or none on both sides: what a pinned key and the tunnel's secrets belong to. */
export function sameBastion(a: Bastion | undefined, b: Bastion | undefined): boolean {
  return bastionKey(a) === bastionKey(b);
}

/**
 * One string per endpoint: what a sealed credential is bound to. The bastion is appended only
 * when there is one, so the credentials of direct connections keep the key they were sealed with.
 */
export function endpointKey(shape: EndpointShape): string {
  const tunnel = bastionKey(shape.sshTunnel);
  return JSON.stringify([...Object.values(valuesOf(shape)), ...(tunnel ? [tunnel] : [])]);
}

/** The endpoint fields that differ between two shapes; empty when the secret may follow. */
export function endpointChanges(from: EndpointShape, to: EndpointShape): EndpointField[] {
  const a = valuesOf(from);
  const b = valuesOf(to);
  const changed = ENDPOINT_FIELDS.filter((field) => a[field] !== b[field]);
  return sameBastion(from.sshTunnel, to.sshTunnel) ? changed : [...changed, 'sshTunnel'];
}
