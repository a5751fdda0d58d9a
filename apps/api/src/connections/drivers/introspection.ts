import type { CatalogObject, TestErrorCode } from '@sluice/contracts';
import type { ConnectionParams, TestFailure } from './driver.interface';
import { networkFailure } from './network';
import type { NetworkPolicy } from './network-policy';
import { scrubSecrets } from './test-run';

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

export interface IntrospectOptions {
  /** One overall deadline for the whole read, and each statement's timeout. */
  timeoutMs: number;
  /** How long opening the session may take: the connection test's deadline, not the whole read's. */
  connectTimeoutMs?: number;
  /** Called when the set of objects is known, before their columns are read. */
  onObjectsListed?: (total: number) => void;
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
 * Where an introspection connects, once the network policy has checked the host, and how it
 * reports a failure: a network failure first, else the dialect's own reading of the error, with
 * the password scrubbed from the message.
 */
export async function introspectionTarget(
  policy: NetworkPolicy,
  params: ConnectionParams,
  defaultPort: number,
  timeoutMs: number,
  classify: (error: unknown) => TestFailure,
): Promise<{ host: string; port: number; address: string; fail: (error: unknown) => never }> {
  const host = params.host ?? '';
  const port = params.port ?? defaultPort;
  const fail = (error: unknown): never => {
    if (error instanceof IntrospectionError) throw error;
    const failure = networkFailure(error, host, port, timeoutMs) ?? classify(error);
    throw new IntrospectionError({
      ...failure,
      message: scrubSecrets(failure.message, [params.password]),
    });
  };
  const resolution = await policy.resolve(host).catch(fail);
  if ('blocked' in resolution) throw new IntrospectionError(resolution.blocked, false);
  return { host, port, address: resolution.address, fail };
}

function patternRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Metabase's "Only these / All except": `*` matches any run of characters, case-insensitively. */
export function schemaFilter(patterns: SchemaPatterns | undefined): (schema: string) => boolean {
  const include = (patterns?.include ?? []).map(patternRegExp);
  const exclude = (patterns?.exclude ?? []).map(patternRegExp);
  return (schema) =>
    !SYSTEM_SCHEMAS.has(schema.toLowerCase()) &&
    !schema.startsWith('pg_temp') &&
    !schema.startsWith('pg_toast') &&
    (include.length === 0 || include.some((r) => r.test(schema))) &&
    !exclude.some((r) => r.test(schema));
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
