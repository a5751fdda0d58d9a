import type { CatalogObject, DbType, TestErrorCode, TestResult } from '@sluice/contracts';
import type { IntrospectOptions } from './introspection';

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
}

/** A type-specific option that holds text (`account`, `httpPath`, `serviceName`…); null when unset or empty. */
export function textOption(params: ConnectionParams, name: string): string | null {
  const value = params.options[name];
  return typeof value === 'string' && value ? value : null;
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
  test(params: ConnectionParams, deadlineMs: number): Promise<TestResult>;
  /**
   * Reads the target's schema in a read-only session, system schemas left out and
   * `options.schemas` applied. Throws an IntrospectionError for a target's failure.
   */
  introspect?(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]>;
}
