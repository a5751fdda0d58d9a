import type { Socket } from 'node:net';
import { Client, type ClientConfig } from 'pg';
import { CleartextPasswordRefused, mayAnswerCleartext } from '../core/cleartext';
import type { ConnectionParams, Destination } from '../core/types';
import type { PgErrorContext } from './postgresql.errors';
import { tlsSettingsOf } from '../core/tls';

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
  { address, port }: Destination,
  statementTimeoutMs: number,
  applicationName: string,
): ClientConfig {
  return {
    host: address,
    port,
    user: params.username ?? undefined,
    password: params.password ?? undefined,
    database: params.databaseName ?? undefined,
    ssl: tlsSettingsOf(params) ?? false,
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.round(statementTimeoutMs)}`,
    application_name: applicationName,
  };
}

/**
 * A client for a target, opened the one way: `pgSessionConfig`, over `stream` when given, and
 * a clear-text password request over an unencrypted connection refused unless the connection
 * allows it (the password is handed over only once the server has said how it wants it).
 */
export function pgClientFor(
  params: ConnectionParams,
  destination: Destination,
  session: {
    statementTimeoutMs: number;
    applicationName: string;
    stream?: () => Socket;
    connectTimeoutMs?: number;
  },
): Client {
  const { statementTimeoutMs, applicationName, stream, connectTimeoutMs } = session;
  const config = pgSessionConfig(params, destination, statementTimeoutMs, applicationName);
  let askedInClear = false;
  const secret = params.password;
  const client = new Client({
    ...config,
    ...(stream && { stream }),
    ...(connectTimeoutMs !== undefined && { connectionTimeoutMillis: connectTimeoutMs }),
    ...(secret !== null && {
      password: () => {
        if (askedInClear && !mayAnswerCleartext(params)) throw new CleartextPasswordRefused();
        return secret;
      },
    }),
  });
  // Registered before connect(), so it runs before the client's own handler asks for the password.
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on(
    'authenticationCleartextPassword',
    () => (askedInClear = true),
  );
  return client;
}
