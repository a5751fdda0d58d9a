import { connect, type Socket } from 'node:net';
import { createConnection, Types, type Connection, type FieldPacket } from 'mysql2';
import type { QueryColumn, QueryValue } from '@sluice/contracts';
import type { ConnectionParams, QueryJob, QueryRows, QuerySessions } from '../core/types';
import {
  base64Of,
  onAbort,
  queryCancelled,
  querySessionTarget,
  QueryError,
  queryTimeout,
  RowCollector,
  targetSqlFailure,
} from '../core/query';
import { errorMessageOf } from '../core/error-text';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifyMysqlError } from './mysql.errors';
import { MYSQL_PORT, mysqlErrorContextOf, mysqlSessionOptions } from './mysql.session';

/** Time the server gets past the deadline to stop the statement itself before Sluice kills it. */
const CLIENT_GRACE_MS = 1000;
const BINARY_CHARSET = 63;

const CODES: Record<number, QueryError['failure']['errorCode']> = {
  1142: 'PERMISSION_DENIED',
  1143: 'PERMISSION_DENIED',
  1044: 'PERMISSION_DENIED',
  1227: 'PERMISSION_DENIED',
  1792: 'QUERY_NOT_READ_ONLY',
  3024: 'TIMEOUT',
  1969: 'TIMEOUT',
  1317: 'TIMEOUT',
};

function columnOf(field: FieldPacket): QueryColumn {
  const code = (field as { columnType?: number }).columnType ?? -1;
  const name = String(
    (Types as unknown as Record<number, string>)[code] ?? `type ${code}`,
  ).toLowerCase();
  const binary = (field as { characterSet?: number }).characterSet === BINARY_CHARSET;
  return { name: field.name, type: binary && /string|blob/.test(name) ? `${name} (binary)` : name };
}

function valueOf(value: unknown, type: string): QueryValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64Of(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d \d/.test(value)) {
    const iso = value.replace(' ', 'T');
    return type === 'timestamp' ? `${iso}Z` : iso;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  return JSON.parse(JSON.stringify(value)) as QueryValue;
}

function send(connection: Connection, sql: string): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.query(sql, (error) => (error ? reject(error) : resolve())),
  );
}

/** Stops a statement that outlived the deadline, from a second session: `KILL QUERY`. */
async function killQuery(
  params: ConnectionParams,
  address: string,
  port: number,
  threadId: number,
) {
  const socket = connect({ host: address, port });
  socket.on('error', () => undefined);
  const killer = createConnection(mysqlSessionOptions(params, socket, 5000));
  killer.on('error', () => undefined);
  await send(killer, `KILL QUERY ${Math.trunc(threadId)}`).catch(() => undefined);
  killer.destroy();
  socket.destroy();
}

interface Session {
  socket: Socket;
  connection: Connection;
  mariadb: boolean;
}

/** A new session to the address the network policy checked; a failure reads like a test's. */
async function openSession(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
): Promise<Session & { address: string; port: number }> {
  const ctx = mysqlErrorContextOf(params);
  const {
    address,
    connectPort: port,
    fail,
  } = await querySessionTarget(policy, params, MYSQL_PORT, job.timeoutMs, (error) =>
    classifyMysqlError(error, ctx),
  );
  const socket = connect({ host: address, port });
  socket.on('error', () => undefined);
  const connection = createConnection({
    ...mysqlSessionOptions(params, socket, job.timeoutMs),
    rowsAsArray: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  connection.on('error', () => undefined);
  try {
    await send(connection, "SET SESSION time_zone = '+00:00'");
  } catch (error) {
    connection.destroy();
    socket.destroy();
    return fail(error);
  }
  // Known once the handshake is done: MariaDB and MySQL name the statement timeout apart.
  const mariadb = (connection as unknown as { _isMariaDB?: boolean })._isMariaDB === true;
  return { socket, connection, mariadb, address, port };
}

/** The job's limits on the session, then its read-only transaction, in one round trip each. */
async function prepare(session: Session, job: QueryJob): Promise<void> {
  const timeout = session.mariadb
    ? `max_statement_time = ${(job.timeoutMs / 1000).toFixed(3)}`
    : `max_execution_time = ${Math.round(job.timeoutMs)}`;
  await send(session.connection, `SET SESSION sql_select_limit = ${job.maxRows + 1}, ${timeout}`);
  await send(session.connection, `START TRANSACTION ${job.write ? 'READ WRITE' : 'READ ONLY'}`);
}

/** Rows as they stream; a result cut early leaves the session unusable (`cut`). */
function readRows(connection: Connection, job: QueryJob): Promise<QueryRows & { cut: boolean }> {
  return new Promise((resolve, reject) => {
    const collected = new RowCollector(job);
    let columns: QueryColumn[] = [];
    const query = connection.query({ sql: job.sql });
    query.on('fields', (fields: FieldPacket[]) => (columns = fields.map(columnOf)));
    let affectedRows: number | null = null;
    query.on('result', (row: unknown) => {
      // A write answers with a header (affected rows), not rows.
      if (!Array.isArray(row)) {
        affectedRows = Number((row as { affectedRows?: unknown }).affectedRows ?? 0);
        return;
      }
      if (collected.truncated) return;
      const cells = (row as unknown[]).map((v, i) => valueOf(v, columns[i]?.type ?? ''));
      if (collected.add(cells)) return;
      connection.pause();
      resolve({ columns, rows: collected.rows, truncated: true, cut: true });
    });
    query.on('error', reject);
    query.on('end', () =>
      resolve({
        columns,
        rows: collected.rows,
        truncated: collected.truncated,
        cut: false,
        ...(job.write && { affectedRows }),
      }),
    );
  });
}

/**
 * One statement in `START TRANSACTION READ ONLY`, without multi-statements, rows capped on the
 * server by `sql_select_limit`, the server's own statement timeout, and `KILL QUERY` after it.
 * A session kept from an earlier query is used when `sessions` has one, and given back after.
 */
export async function queryMysql(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
  sessions?: QuerySessions,
): Promise<QueryRows> {
  let session = sessions?.take() as (Session & { address: string; port: number }) | undefined;
  if (session) {
    const kept = session;
    // A kept session the server has since closed: a new one instead.
    await prepare(kept, job).catch(() => {
      kept.connection.destroy();
      kept.socket.destroy();
      session = undefined;
    });
  }
  let running = false;
  let timedOut = false;
  let reusable = false;
  const timer = setTimeout(() => {
    timedOut = true;
    const open = session;
    if (!open) return;
    if (running && open.connection.threadId)
      void killQuery(params, open.address, open.port, open.connection.threadId);
    open.connection.destroy();
    open.socket.destroy();
  }, job.timeoutMs + CLIENT_GRACE_MS);
  let cancelled = false;
  const stopWatching = onAbort(job.signal, () => {
    cancelled = true;
    const open = session;
    if (open && running && open.connection.threadId)
      void killQuery(params, open.address, open.port, open.connection.threadId);
  });
  try {
    if (!session) {
      session = await openSession(params, policy, job);
      await prepare(session, job);
    }
    running = true;
    const { cut, ...rows } = await readRows(session.connection, job);
    running = false;
    if (!cut) {
      await send(session.connection, job.write ? 'COMMIT' : 'ROLLBACK');
      reusable = !timedOut && !cancelled;
    }
    return rows;
  } catch (error) {
    if (error instanceof QueryError) throw error;
    if (cancelled) throw new QueryError(queryCancelled());
    if (timedOut) throw new QueryError(queryTimeout(job.timeoutMs));
    const errno = Number((error as { errno?: unknown }).errno);
    const code = CODES[errno] ?? 'SQL_ERROR';
    const message =
      code === 'TIMEOUT' ? queryTimeout(job.timeoutMs).message : errorMessageOf(error);
    throw new QueryError(targetSqlFailure(code, message, [params.password]));
  } finally {
    clearTimeout(timer);
    stopWatching();
    const open = session;
    const close = () => {
      open?.connection.destroy();
      open?.socket.destroy();
    };
    if (open && reusable && sessions) sessions.give(open, close);
    else close();
  }
}
