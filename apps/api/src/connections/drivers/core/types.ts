/**
 * The drivers' shared types: a leaf that imports nothing of Sluice, so that every driver file can
 * depend on it without a cycle.
 */
import type {
  CatalogObject,
  DbType,
  QueryColumn,
  QueryErrorCode,
  QueryValue,
  TestErrorCode,
  TestResult,
  TestStage,
} from '@sluice/contracts';

/** Told of each stage of a connection test as it ends: a dialog shows them while it runs. */
export type StageListener = (stage: TestStage) => void;

/** Plain parameters, the secret already decrypted: what a driver needs to reach a target. */
export interface ConnectionParams {
  dbType: DbType;
  host: string | null;
  port: number | null;
  databaseName: string | null;
  username: string | null;
  password: string | null;
  /** Snowflake key-pair authentication: a PEM private key and its passphrase. */
  privateKey: string | null;
  privateKeyPassphrase: string | null;
  useSsl: boolean;
  options: Record<string, unknown>;
  /** The SSH bastion the target is reached through, its secrets opened; null for a direct connection. */
  sshTunnel?: SshTunnelParams | null;
}

export interface SshTunnelParams {
  host: string;
  port: number;
  username: string;
  authMethod: 'password' | 'key';
  /** The pinned host key (`SHA256:…`); null accepts the key the bastion shows (first use). */
  hostKeyFingerprint: string | null;
  password: string | null;
  privateKey: string | null;
  passphrase: string | null;
}

/** Where a session connects: the address the network policy checked (or a tunnel's local end), and its port. */
export interface Destination {
  address: string;
  port: number;
}

/** A type-specific option that holds text (`account`, `httpPath`, `serviceName`…); null when unset or empty. */
export function textOption(params: ConnectionParams, name: string): string | null {
  const value = params.options[name];
  return typeof value === 'string' && value ? value : null;
}

export interface IntrospectOptions {
  /** One overall deadline for the whole read, and each statement's timeout. */
  timeoutMs: number;
  /** How long opening the session may take: the connection test's deadline, not the whole read's. */
  connectTimeoutMs?: number;
  /** Called when the set of objects is known, before their columns are read. */
  onObjectsListed?: (total: number) => void;
  /**
   * Hands the catalog over in batches as it is read, each awaited before the next is read (the
   * writer's pace): a driver that streams returns only what it did not hand over this way.
   */
  onBatch?: (objects: CatalogObject[]) => Promise<void>;
}

/** A target's failure, classified: what a person reads and what they should change. */
export interface TestFailure {
  errorCode: TestErrorCode;
  message: string;
  hint: string;
}

export interface DatabaseDriver {
  readonly type: DbType;
  /** Never throws for a target's failure; closes everything it opened; honours the deadline. */
  /** `onStage` hears each stage as it ends, for a caller that shows them live. */
  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult>;
  /**
   * Reads the target's schema in a read-only session, system schemas left out and
   * `options.schemas` applied. Throws an IntrospectionError for a target's failure.
   */
  introspect?(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]>;
  /**
   * Runs one statement that the dialect's guard let through, in a read-only session, under the
   * job's deadline and caps. Throws a QueryError for a target's failure; closes what it opened.
   */
  query?(params: ConnectionParams, job: QueryJob, sessions?: QuerySessions): Promise<QueryRows>;
}

export interface QueryJob {
  sql: string;
  /** Rows returned at most; one more is fetched to know whether the result was cut. */
  maxRows: number;
  /** The one deadline: on the server (statement timeout) and on Sluice's side. */
  timeoutMs: number;
  /** About how many bytes of JSON the rows may take before the result is cut. */
  maxBytes: number;
  /** Through the write credential: a read-write transaction, committed on success. */
  write?: boolean;
  /** Aborted when the caller goes away (the console's Cancel): the statement is cancelled on the server. */
  signal?: AbortSignal;
}

/**
 * Open sessions of one connection kept between queries: a driver takes one (or opens its own),
 * and gives it back only once its transaction rolled back cleanly.
 */
export interface QuerySessions {
  take(): unknown;
  give(session: unknown, close: () => void): void;
}

/** Rows as the API sends them: already JSON, made in the thread that read them. */
export interface QueryRowsJson {
  columns: QueryColumn[];
  /** A JSON array of arrays. */
  rowsJson: string;
  rowCount: number;
  truncated: boolean;
  affectedRows?: number | null;
}

export interface QueryRows {
  columns: QueryColumn[];
  rows: QueryValue[][];
  truncated: boolean;
  /** Rows a write statement changed, when the target says. */
  affectedRows?: number | null;
}

export interface QueryFailure {
  /** A query code, or a connection test's code when the session could not be opened. */
  errorCode: QueryErrorCode | TestErrorCode;
  message: string;
  hint?: string;
  /** Where in the SQL the target pointed, 1-based, when the dialect says. */
  position?: number;
}
