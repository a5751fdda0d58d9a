import type { ClientConfig } from 'pg';
import type { ConnectionParams } from './driver.interface';
import type { PgErrorContext } from './postgresql.errors';
import { tlsSettingsOf } from './tls';

export const POSTGRES_PORT = 5432;

/** What the error table needs to name the field to fix. */
export function pgErrorContextOf(params: ConnectionParams): PgErrorContext {
  return {
    host: params.host ?? '',
    port: params.port ?? POSTGRES_PORT,
    databaseName: params.databaseName,
    username: params.username,
    hasPassword: !!params.password,
  };
}

/**
 * How Sluice opens every PostgreSQL session: to the address the network policy checked, with the
 * user's SSL settings, read-only, and no statement outliving `statementTimeoutMs`.
 */
export function pgSessionConfig(
  params: ConnectionParams,
  address: string,
  statementTimeoutMs: number,
  applicationName: string,
): ClientConfig {
  return {
    host: address,
    port: params.port ?? POSTGRES_PORT,
    user: params.username ?? undefined,
    password: params.password ?? undefined,
    database: params.databaseName ?? undefined,
    ssl: tlsSettingsOf(params) ?? false,
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.round(statementTimeoutMs)}`,
    application_name: applicationName,
  };
}
