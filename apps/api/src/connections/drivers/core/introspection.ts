import type { CatalogObject, TestErrorCode } from '@sluice/contracts';
import type { ConnectionParams, TestFailure } from './types';
import { networkFailure } from './network-failures';
import type { NetworkPolicy } from '../../network/network-policy';
import { scrubSecrets } from './error-text';
import { TunnelFailure, type SshTunnel } from '../tunnel/ssh-tunnel';
import { openTunnel } from '../tunnel/tunnel-target';

/** Schemas no catalog holds, whatever the patterns say. */
export const SYSTEM_SCHEMAS = new Set([
  'pg_catalog',
  'information_schema',
  'pg_toast',
  'mysql',
  'performance_schema',
  'sys',
]);

export interface SchemaPatterns {
  include?: string[];
  exclude?: string[];
}

const TRANSIENT: ReadonlySet<TestErrorCode> = new Set([
  'TIMEOUT',
  'CONNECTION_REFUSED',
  'DNS_NOT_FOUND',
  'DRIVER_ERROR',
]);

/** A target's failure while its schema is read: `transient` ones are worth another try. */
export class IntrospectionError extends Error {
  readonly transient: boolean;
  constructor(
    readonly failure: TestFailure,
    transient = TRANSIENT.has(failure.errorCode),
  ) {
    super(failure.message);
    this.transient = transient;
  }
}

/**
 * Where an introspection connects, once the network policy has checked the host (or through the
 * connection's SSH tunnel, whose local end `connectPort` is then), and how it reports a failure:
 * the tunnel's own first, then a network failure, else the dialect's own reading of the error,
 * with the passwords scrubbed from the message.
 */
export async function introspectionTarget(
  policy: NetworkPolicy,
  params: ConnectionParams,
  defaultPort: number,
  timeoutMs: number,
  classify: (error: unknown) => TestFailure,
): Promise<{
  host: string;
  port: number;
  address: string;
  connectPort: number;
  fail: (error: unknown) => never;
}> {
  const host = params.host ?? '';
  const port = params.port ?? defaultPort;
  const tunnel = params.sshTunnel ?? null;
  let via: SshTunnel | null = null;
  const secrets = [params.password, tunnel?.password, tunnel?.passphrase];
  const fail = (error: unknown): never => {
    if (error instanceof IntrospectionError) throw error;
    const failure =
      (error instanceof TunnelFailure ? error.failure : null) ??
      via?.failure(timeoutMs) ??
      networkFailure(error, host, port, timeoutMs) ??
      classify(error);
    throw new IntrospectionError({ ...failure, message: scrubSecrets(failure.message, secrets) });
  };
  if (tunnel) {
    const opened = await openTunnel(policy, tunnel, { host, port }, timeoutMs).catch(fail);
    via = opened.tunnel;
    return { host, port, address: opened.address, connectPort: opened.port, fail };
  }
  const resolution = await policy.resolve(host).catch(fail);
  if ('blocked' in resolution) throw new IntrospectionError(resolution.blocked, false);
  return { host, port, address: resolution.address, connectPort: port, fail };
}

/**
 * Whether `text` matches `pattern`, where `*` is any run of characters, case-insensitively.
 * Greedy with one backtrack point, so O(pattern × text) at worst: no regular expression is
 * ever built from what a user typed.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === t[ti]) {
      pi += 1;
      ti += 1;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi;
      pi += 1;
      resume = ti;
    } else if (star >= 0) {
      pi = star + 1;
      resume += 1;
      ti = resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi += 1;
  return pi === p.length;
}

/** Metabase's "Only these / All except": `*` matches any run of characters, case-insensitively. */
export function schemaFilter(patterns: SchemaPatterns | undefined): (schema: string) => boolean {
  const include = patterns?.include ?? [];
  const exclude = patterns?.exclude ?? [];
  return (schema) =>
    !SYSTEM_SCHEMAS.has(schema.toLowerCase()) &&
    !schema.startsWith('pg_temp') &&
    !schema.startsWith('pg_toast') &&
    (include.length === 0 || include.some((p) => wildcardMatch(p, schema))) &&
    !exclude.some((p) => wildcardMatch(p, schema));
}

export function schemaPatternsOf(options: Record<string, unknown>): SchemaPatterns | undefined {
  const schemas: unknown = options['schemas'];
  return schemas && typeof schemas === 'object' ? schemas : undefined;
}

/** An empty object of the catalog, filled in by each dialect's queries. */
export function emptyObject(
  schemaName: string,
  name: string,
  kind: CatalogObject['kind'],
  comment: string | null,
  rowEstimate: number | null,
): CatalogObject {
  return {
    schemaName,
    name,
    kind,
    comment,
    rowEstimate,
    primaryKey: [],
    foreignKeys: [],
    indexes: [],
    columns: [],
  };
}
