import type { Socket } from 'node:net';
import { Request } from 'tedious';
import type { QueryColumn, QueryValue } from '@sluice/contracts';
import type { ConnectionParams, QueryJob, QueryRows, QuerySessions } from '../core/types';
import {
  base64Of,
  QueryError,
  querySessionTarget,
  QueryWatch,
  RowCollector,
  targetSqlFailure,
} from '../core/query';
import { errorMessageOf } from '../core/error-text';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifySqlServerFailure } from './sqlserver.errors';
import {
  newSqlServerWire,
  openSqlServer,
  SQLSERVER_PORT,
  sqlServerErrorContextOf,
  type SqlServerSession,
} from './sqlserver.session';

/** Time the server gets to acknowledge a cancel (ATTENTION) before Sluice drops the socket. */
const CANCEL_GRACE_MS = 1000;
/** Errors that say the user may not read or do this. */
const DENIED = new Set([229, 230, 262, 297, 300, 916, 3906]);

/** What tedious says of a column (its typings do not export the type). */
interface ColumnMetadata {
  colName: string;
  type: { name: string };
  dataLength?: number;
  precision?: number;
  scale?: number;
}

interface Kept {
  session: SqlServerSession;
  socket: Socket;
}

/** A column's type as T-SQL names it, from the TDS metadata tedious gives. */
function columnOf(meta: ColumnMetadata): QueryColumn {
  const raw = meta.type.name.toLowerCase();
  const size = meta.dataLength ?? 0;
  const sized: Record<string, Record<number, string>> = {
    intn: { 1: 'tinyint', 2: 'smallint', 4: 'int', 8: 'bigint' },
    floatn: { 4: 'real', 8: 'float' },
    moneyn: { 4: 'smallmoney', 8: 'money' },
    datetimen: { 4: 'smalldatetime', 8: 'datetime' },
  };
  const name = sized[raw]?.[size] ?? (raw === 'bitn' ? 'bit' : raw);
  const { precision, scale } = meta;
  const decimal = /^(decimal|numeric)/.test(name) && precision !== undefined;
  return {
    name: meta.colName,
    type: decimal ? `${name.replace(/n$/, '')}(${precision},${scale ?? 0})` : name,
  };
}

/** JSON-safe values: dates as ISO 8601, binary as base64, 64-bit integers as tedious gives them (strings). */
function valueOf(value: unknown, type: string): QueryValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64Of(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (type === 'date' || type === 'daten') return iso.slice(0, 10);
    // Without an offset the server's value has no time zone: tedious read it as UTC.
    return type.startsWith('datetimeoffset') ? iso : iso.slice(0, -1);
  }
  if (/^(decimal|numeric|money|smallmoney)/.test(type) && typeof value === 'number')
    return String(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  return JSON.parse(JSON.stringify(value)) as QueryValue;
}

function failureOf(error: unknown, params: ConnectionParams): QueryFailure {
  const number = (error as { number?: unknown }).number;
  const code = typeof number === 'number' && DENIED.has(number) ? 'PERMISSION_DENIED' : 'SQL_ERROR';
  return targetSqlFailure(code, errorMessageOf(error), [params.password]);
}
type QueryFailure = QueryError['failure'];

/** Runs the statement, streaming rows into the collector; resolves when the server is done. */
function run(
  session: SqlServerSession,
  job: QueryJob,
  collected: RowCollector,
): { done: Promise<{ columns: QueryColumn[]; affectedRows: number | null }>; cancel(): void } {
  // Rows past the cap (SET ROWCOUNT stops them at maxRows + 1, the byte cap sooner) are dropped.
  let columns: QueryColumn[] = [];
  let cancel = () => undefined as void;
  const done = new Promise<{ columns: QueryColumn[]; affectedRows: number | null }>(
    (resolve, reject) => {
      const request = new Request(job.sql, (error, rowCount) =>
        error ? reject(error) : resolve({ columns, affectedRows: rowCount ?? null }),
      );
      request.on('columnMetadata', (meta: ColumnMetadata[] | Record<string, ColumnMetadata>) => {
        columns = (Array.isArray(meta) ? meta : Object.values(meta)).map(columnOf);
      });
      request.on('row', (cells: { value: unknown }[]) => {
        if (collected.truncated) return;
        collected.add(cells.map((c, i) => valueOf(c.value, columns[i]?.type ?? '')));
      });
      cancel = () => session.connection.cancel();
      session.connection.execSqlBatch(request);
    },
  );
  return { done, cancel: () => cancel() };
}

/**
 * One statement in a transaction that is rolled back (T-SQL has no read-only one), rows capped on
 * the server by `SET ROWCOUNT` (never by rewriting the SQL), the deadline enforced by a cancel the
 * server acknowledges (ATTENTION), and the socket dropped if it does not.
 */
export async function querySqlServer(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
  sessions?: QuerySessions,
): Promise<QueryRows> {
  let kept = sessions?.take() as Kept | undefined;
  const prepare = `SET ROWCOUNT ${job.write ? 0 : job.maxRows + 1}`;
  if (kept) {
    const reused = kept;
    await reused.session.query(`SET XACT_ABORT ON; BEGIN TRANSACTION; ${prepare}`).catch(() => {
      reused.session.close();
      kept = undefined;
    });
  }
  if (!kept) {
    const ctx = sqlServerErrorContextOf(params);
    const wire = newSqlServerWire();
    const { address, connectPort, fail } = await querySessionTarget(
      policy,
      params,
      SQLSERVER_PORT,
      job.timeoutMs,
      (error) => classifySqlServerFailure(error, ctx, wire, job.timeoutMs),
    );
    let socket: Socket | undefined;
    const session = await openSqlServer(
      params,
      { address, port: connectPort },
      job.timeoutMs,
      wire,
      (s) => {
        socket = s;
      },
    ).catch(fail);
    kept = { session, socket: socket! };
    await session.query(prepare).catch((error: unknown) => {
      session.close();
      throw new QueryError(failureOf(error, params));
    });
  }
  const { session, socket } = kept;
  const collected = new RowCollector(job);
  const running = run(session, job, collected);
  const watch = new QueryWatch(job);
  watch.onStop(() => {
    running.cancel();
    setTimeout(() => socket.destroy(), CANCEL_GRACE_MS).unref();
  });
  try {
    const { columns, affectedRows } = await running.done.catch((error: unknown) => {
      throw watch.failure() ?? new QueryError(failureOf(error, params));
    });
    const cut = collected.truncated;
    await session.query(
      job.write
        ? 'COMMIT TRANSACTION; SET ROWCOUNT 0'
        : 'IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; SET ROWCOUNT 0',
    );
    if (sessions && !watch.stopped) sessions.give(kept, () => session.close());
    else session.close();
    return {
      columns,
      rows: collected.rows,
      truncated: cut,
      ...(job.write && { affectedRows }),
    };
  } catch (error) {
    session.close();
    throw error;
  } finally {
    watch.dispose();
  }
}
