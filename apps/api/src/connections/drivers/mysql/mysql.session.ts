import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'mysql2/promise';
import type { ConnectionParams } from '../core/types';
import type { MysqlErrorContext } from './mysql.errors';
import { mayAnswerCleartext } from '../core/cleartext';
import { mysqlSslOf } from '../core/tls';

export const MYSQL_PORT = 3306;

/** What the error table needs to name the field to fix. */
export function mysqlErrorContextOf(params: ConnectionParams): MysqlErrorContext {
  return { host: params.host ?? '', databaseName: params.databaseName, username: params.username };
}

/**
 * How Sluice opens every MySQL session: over `stream`, a socket to the address the network policy
 * checked (the typed host name is only for the certificate), with the user's SSL settings, and
 * never sending a local file a hostile server asks for.
 */
export function mysqlSessionOptions(
  params: ConnectionParams,
  stream: Socket,
  connectTimeoutMs: number,
): ConnectionOptions {
  return {
    stream,
    host: params.host ?? '',
    port: params.port ?? MYSQL_PORT,
    user: params.username ?? undefined,
    password: params.password ?? undefined,
    database: params.databaseName ?? undefined,
    ssl: mysqlSslOf(params),
    flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
    multipleStatements: false,
    // mysql_clear_password only over TLS, or where the connection says the server needs it.
    enableCleartextPlugin: mayAnswerCleartext(params),
    connectTimeout: Math.round(connectTimeoutMs),
  };
}
