import { connect } from 'node:net';
import Cursor from 'pg-cursor';
import type { Client, FieldDef } from 'pg';
import type { QueryColumn } from '@sluice/contracts';
import type { ConnectionParams, QueryJob, QueryRows, QuerySessions } from '../core/types';
import { errorCodeOf, errorMessageOf } from '../core/error-text';
import { silentFailure } from '../core/network-failures';
import {
  onAbort,
  queryCancelled,
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

/** Rows fetched by the first round trip through the cursor; the next ones hold about `BATCH_BYTES`. */
const FIRST_BATCH = 500;
const BATCH_BYTES = 4 * 1024 * 1024;
/** Time the server gets past the deadline to cancel the statement itself before Sluice hangs up. */
const CLIENT_GRACE_MS = 1000;

/** SQLSTATEs with their own code; any other is the statement's fault (SQL_ERROR). */
const CODES: Record<string, QueryError['failure']['errorCode']> = {
  '42501': 'PERMISSION_DENIED',
  '57014': 'TIMEOUT',
  '25006': 'QUERY_NOT_READ_ONLY',
};

function readBatch(cursor: Cursor<unknown[]>, n: number) {
  type Batch = { rows: unknown[][]; fields: FieldDef[]; rowCount: number | null };
  return new Promise<Batch>((resolve, reject) => {
    cursor.read(n, (error, rows, result) => {
      if (error) return reject(error);
      // A cursor that is done answers without a result: its fields came with an earlier batch.
      const done = result as typeof result | undefined;
      resolve({ rows, fields: done?.fields ?? [], rowCount: done?.rowCount ?? null });
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

/** A target session, and where it goes (a cancel request goes there too). */
interface Session {
  client: Client;
  address: string;
  port: number;
}

/** Asks the server to cancel what a session runs: PostgreSQL's CancelRequest, on its own socket. */
function sendCancel({ client, address, port }: Session): void {
  const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(80877102, 4);
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  const socket = connect({ host: address, port });
  socket.on('error', () => undefined);
  socket.setTimeout(5000, () => socket.destroy());
  socket.end(message);
}

/** A new session to the address the network policy checked; a failure reads like a test's. */
async function openSession(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
): Promise<Session> {
  const ctx = pgErrorContextOf(params);
  const { address, port, connectPort, fail } = await querySessionTarget(
    policy,
    params,
    POSTGRES_PORT,
    job.timeoutMs,
    (error) => classifyPostgresError(error, ctx),
  );
  const client = pgClientFor(
    params,
    { address, port: connectPort },
    {
      statementTimeoutMs: job.timeoutMs,
      applicationName: 'sluice-query',
      connectTimeoutMs: job.timeoutMs,
    },
  );
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { client, address, port: connectPort };
  } catch (error) {
    await client.end().catch(() => undefined);
    // pg's own connect timeout: the socket was accepted, then nothing came back.
    if (/timeout/i.test(errorMessageOf(error)))
      throw new QueryError(silentFailure(params.host ?? '', port, job.timeoutMs, 'PostgreSQL'));
    return fail(error);
  }
}

/** Rows through a cursor, `maxRows + 1` at most, cut at the byte cap. */
async function readRows(client: Client, job: QueryJob): Promise<QueryRows> {
  const cursor = client.query(
    new Cursor<unknown[]>(job.sql, [], { rowMode: 'array', types: RAW_TEXT }),
  );
  const collected = new RowCollector(job);
  let fields: FieldDef[] = [];
  let batch = FIRST_BATCH;
  let affectedRows: number | null = null;
  for (;;) {
    const wanted = Math.min(batch, job.maxRows + 1 - collected.rows.length);
    const read = await readBatch(cursor, wanted);
    if (read.fields.length > 0) fields = read.fields;
    affectedRows = read.rowCount ?? affectedRows;
    const oids = fields.map((f) => f.dataTypeID);
    for (const row of read.rows) {
      if (!collected.add(row.map((cell, i) => pgValue(cell as string | null, oids[i]!)))) break;
    }
    if (collected.truncated || read.rows.length < wanted) break;
    // Small rows come in big batches (fewer round trips), wide ones in small (bounded memory).
    const perRow = collected.size / Math.max(1, collected.rows.length);
    batch = Math.max(100, Math.floor(BATCH_BYTES / perRow));
  }
  await cursor.close();
  return {
    columns: await typeNames(client, fields),
    rows: collected.rows,
    truncated: collected.truncated,
    ...(job.write && { affectedRows }),
  };
}

/**
 * One statement in a `BEGIN READ ONLY` transaction over the extended protocol (which takes one
 * statement only), `statement_timeout` on the server, rows through a cursor, rolled back. A
 * session kept from an earlier query is used when `sessions` has one, and given back after.
 */
export async function queryPostgresql(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
  sessions?: QuerySessions,
): Promise<QueryRows> {
  const mode = job.write ? 'read write' : 'read only';
  const begin = `begin ${mode}; set local statement_timeout = ${Math.round(job.timeoutMs)}; set local timezone = 'UTC'`;
  let session = sessions?.take() as Session | undefined;
  if (session) {
    const kept = session;
    // A kept session the server has since closed: a new one instead.
    await kept.client.query(begin).catch(() => {
      void kept.client.end().catch(() => undefined);
      session = undefined;
    });
  }
  let timedOut = false;
  let cancelled = false;
  let reusable = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void session?.client.end().catch(() => undefined);
  }, job.timeoutMs + CLIENT_GRACE_MS);
  const stopWatching = onAbort(job.signal, () => {
    cancelled = true;
    if (session) sendCancel(session);
  });
  try {
    if (!session) {
      session = await openSession(params, policy, job);
      await session.client.query(begin);
    }
    const rows = await readRows(session.client, job);
    await session.client.query(job.write ? 'commit' : 'rollback');
    reusable = !timedOut && !cancelled;
    return rows;
  } catch (error) {
    if (error instanceof QueryError) throw error;
    if (cancelled) throw new QueryError(queryCancelled());
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
    stopWatching();
    const open = session;
    if (open && reusable && sessions)
      sessions.give(open, () => void open.client.end().catch(() => undefined));
    else await open?.client.end().catch(() => undefined);
  }
}
