import Cursor from 'pg-cursor';
import type { Client, FieldDef } from 'pg';
import type { QueryColumn } from '@sluice/contracts';
import type { ConnectionParams, QueryJob, QueryRows } from '../core/types';
import { errorCodeOf, errorMessageOf } from '../core/error-text';
import {
  querySessionTarget,
  QueryError,
  queryTimeout,
  RowCollector,
  targetSqlFailure,
} from '../core/query';
import type { NetworkPolicy } from '../../network/network-policy';
import { pgClientFor, pgErrorContextOf, POSTGRES_PORT } from './postgresql.session';
import { classifyPostgresError } from './postgresql.errors';
import { PG_TYPE_NAMES, pgValue, RAW_TEXT } from './postgresql.values';

/** Rows fetched per round trip through the cursor. */
const BATCH = 1000;
/** Time the server gets past the deadline to cancel the statement itself before Sluice hangs up. */
const CLIENT_GRACE_MS = 1000;

/** SQLSTATEs with their own code; any other is the statement's fault (SQL_ERROR). */
const CODES: Record<string, QueryError['failure']['errorCode']> = {
  '42501': 'PERMISSION_DENIED',
  '57014': 'TIMEOUT',
  '25006': 'QUERY_NOT_READ_ONLY',
};

function readBatch(cursor: Cursor<unknown[]>, n: number) {
  return new Promise<{ rows: unknown[][]; fields: FieldDef[] }>((resolve, reject) => {
    cursor.read(n, (error, rows, result) => {
      if (error) reject(error);
      // A cursor that is done answers without a result: its fields came with an earlier batch.
      else resolve({ rows, fields: result?.fields ?? [] });
    });
  });
}

async function typeNames(client: Client, fields: FieldDef[]): Promise<QueryColumn[]> {
  const unknown = fields.map((f) => f.dataTypeID).filter((oid) => !(oid in PG_TYPE_NAMES));
  const named = new Map<number, string>();
  if (unknown.length > 0) {
    const { rows } = await client.query<{ oid: number; name: string }>(
      'select oid::int as oid, format_type(oid, null) as name from pg_type where oid = any($1)',
      [unknown],
    );
    for (const r of rows) named.set(r.oid, r.name);
  }
  return fields.map((f) => ({
    name: f.name,
    type: PG_TYPE_NAMES[f.dataTypeID] ?? named.get(f.dataTypeID) ?? `oid ${f.dataTypeID}`,
  }));
}

/**
 * One statement in a `BEGIN READ ONLY` transaction over the extended protocol (which takes one
 * statement only), `statement_timeout` on the server, rows through a cursor, rolled back.
 */
export async function queryPostgresql(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
): Promise<QueryRows> {
  const ctx = pgErrorContextOf(params);
  const { address, fail } = await querySessionTarget(
    policy,
    params,
    POSTGRES_PORT,
    job.timeoutMs,
    (error) => classifyPostgresError(error, ctx),
  );
  const client = pgClientFor(params, address, {
    statementTimeoutMs: job.timeoutMs,
    applicationName: 'sluice-query',
    connectTimeoutMs: job.timeoutMs,
  });
  client.on('error', () => undefined);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void client.end().catch(() => undefined);
  }, job.timeoutMs + CLIENT_GRACE_MS);
  try {
    try {
      await client.connect();
      await client.query("begin read only; set local timezone = 'UTC'");
    } catch (error) {
      if (timedOut) throw new QueryError(queryTimeout(job.timeoutMs));
      return fail(error);
    }
    const cursor = client.query(
      new Cursor<unknown[]>(job.sql, [], { rowMode: 'array', types: RAW_TEXT }),
    );
    const collected = new RowCollector(job);
    let fields: FieldDef[] = [];
    for (;;) {
      const batch = await readBatch(
        cursor,
        Math.min(BATCH, job.maxRows + 1 - collected.rows.length),
      );
      if (batch.fields.length > 0) fields = batch.fields;
      const oids = fields.map((f) => f.dataTypeID);
      for (const row of batch.rows) {
        if (!collected.add(row.map((cell, i) => pgValue(cell as string | null, oids[i]!)))) break;
      }
      if (collected.full || batch.rows.length === 0) break;
    }
    await cursor.close();
    const columns = await typeNames(client, fields);
    await client.query('rollback');
    return { columns, rows: collected.rows, truncated: collected.truncated };
  } catch (error) {
    if (error instanceof QueryError) throw error;
    if (timedOut) throw new QueryError(queryTimeout(job.timeoutMs));
    const code = errorCodeOf(error);
    const failure = targetSqlFailure(
      (code ? CODES[code] : undefined) ?? 'SQL_ERROR',
      code === '57014' ? queryTimeout(job.timeoutMs).message : errorMessageOf(error),
      [params.password],
      Number((error as { position?: string }).position),
    );
    throw new QueryError(failure);
  } finally {
    clearTimeout(timer);
    await client.end().catch(() => undefined);
  }
}
