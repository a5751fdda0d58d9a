import type snowflake from 'snowflake-sdk';
import type { QueryColumn, QueryValue } from '@sluice/contracts';
import type { ConnectionParams, QueryJob, QueryRows, QuerySessions } from '../core/types';
import {
  base64Of,
  QueryError,
  querySessionTarget,
  queryTimeout,
  QueryWatch,
  RowCollector,
  targetSqlFailure,
} from '../core/query';
import { errorMessageOf } from '../core/error-text';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifySnowflakeError } from './snowflake.errors';
import {
  openSnowflake,
  SNOWFLAKE_PORT,
  snowflakeContextOf,
  type SnowflakeSession,
} from './snowflake.session';

/** Snowflake's codes for what the role may not see or do. */
const DENIED = new Set(['003001', '003003', '003005', '002003']);
/** "Statement reached its statement or warehouse timeout", and "SQL execution canceled". */
const TIMED_OUT = new Set(['000630']);

type Column = snowflake.Column;

function columnOf(column: Column): QueryColumn {
  const type = column.getType().toLowerCase();
  const scale = column.getScale();
  const precision = (column as { getPrecision?: () => number }).getPrecision?.();
  return {
    name: column.getName(),
    type: type === 'fixed' || type === 'number' ? `number(${precision ?? 38},${scale ?? 0})` : type,
  };
}

/** Exact numbers come as strings (fetchAsString): whole ones that fit a double become numbers. */
function valueOf(value: unknown, column: Column): QueryValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64Of(value);
  const type = column.getType().toLowerCase();
  if (typeof value === 'string' && (type === 'fixed' || type === 'number')) {
    const n = Number(value);
    return column.getScale() === 0 && Number.isSafeInteger(n) ? n : value;
  }
  if (typeof value === 'string' && type === 'real') return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (type === 'date') return iso.slice(0, 10);
    return type === 'timestamp_ntz' ? iso.slice(0, -1) : iso;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  return JSON.parse(JSON.stringify(value)) as QueryValue;
}

function failureOf(error: unknown, params: ConnectionParams, job: QueryJob): QueryError {
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  if (TIMED_OUT.has(code)) return new QueryError(queryTimeout(job.timeoutMs));
  return new QueryError(
    targetSqlFailure(DENIED.has(code) ? 'PERMISSION_DENIED' : 'SQL_ERROR', errorMessageOf(error), [
      params.password,
      params.privateKeyPassphrase ?? null,
    ]),
  );
}

/** Runs one statement, rows streamed into the collector up to `maxRows + 1`. */
function execute(
  session: SnowflakeSession,
  job: QueryJob,
  sqlText: string,
  collected?: RowCollector,
): { done: Promise<QueryColumn[]>; statement: snowflake.RowStatement } {
  let resolveDone: (columns: QueryColumn[]) => void = () => undefined;
  let rejectDone: (error: unknown) => void = () => undefined;
  const done = new Promise<QueryColumn[]>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const statement = session.connection.execute({
    sqlText,
    streamResult: true,
    rowMode: 'array',
    fetchAsString: ['Number'],
    parameters: { STATEMENT_TIMEOUT_IN_SECONDS: Math.max(1, Math.ceil(job.timeoutMs / 1000)) },
    complete: (error, stmt) => {
      if (error) return rejectDone(error);
      const columns = stmt.getColumns() ?? [];
      if (!collected) return resolveDone(columns.map(columnOf));
      const stream = stmt.streamRows({ start: 0, end: job.maxRows });
      stream.on('data', (row: unknown[]) => {
        if (!collected.truncated) collected.add(row.map((v, i) => valueOf(v, columns[i]!)));
      });
      stream.on('error', rejectDone);
      stream.on('end', () => resolveDone(columns.map(columnOf)));
    },
  });
  return { done, statement };
}

/**
 * One statement between BEGIN and ROLLBACK (Snowflake has no read-only transaction), its own
 * statement timeout on the server and a cancel (abort request) from Sluice at the deadline or on
 * Cancel; rows streamed up to `maxRows + 1`, never by rewriting the SQL.
 */
export async function querySnowflake(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
  sessions?: QuerySessions,
): Promise<QueryRows> {
  let session = sessions?.take() as SnowflakeSession | undefined;
  if (!session) {
    const ctx = snowflakeContextOf(params);
    const { fail } = await querySessionTarget(policy, params, SNOWFLAKE_PORT, job.timeoutMs, (e) =>
      classifySnowflakeError(e, ctx, job.timeoutMs),
    );
    session = await openSnowflake(params, job.timeoutMs, () => undefined).catch(fail);
  }
  const open = session;
  const watch = new QueryWatch(job);
  try {
    await execute(open, job, 'BEGIN').done;
    const collected = new RowCollector(job);
    const main = execute(open, job, job.sql, collected);
    watch.onStop(() => main.statement.cancel(() => undefined));
    const columns = await main.done.catch((error: unknown) => {
      throw watch.failure() ?? failureOf(error, params, job);
    });
    watch.onStop(() => undefined);
    await execute(open, job, job.write ? 'COMMIT' : 'ROLLBACK').done;
    if (sessions && !watch.stopped) sessions.give(open, () => open.close());
    else open.close();
    return { columns, rows: collected.rows, truncated: collected.truncated };
  } catch (error) {
    open.close();
    throw error instanceof QueryError ? error : failureOf(error, params, job);
  } finally {
    watch.dispose();
  }
}
