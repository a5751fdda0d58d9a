/** The ingest bench's runs: a sync through the API, to its end, then the catalog index after it. */
import type { BenchSluice } from './sluice';
import { memoryOf, ms, ratio, resetPeak } from './stats';

export interface Ingest {
  wallMs: number;
  runMs: number;
  tables: number;
  columns: number;
  /** The catalog index's run after the sync (words, and vectors with a provider), to its end. */
  indexMs: number;
  /** The worker's peak RSS during the sync, then during the index job (MB). */
  syncPeakMb: number;
  indexPeakMb: number;
}

/** Creates (or re-syncs) a connection and waits until its catalog is ready. */
export async function ingest(
  sluice: BenchSluice,
  workerPid: number,
  request: { path: string; body?: unknown; connectionId?: string },
): Promise<Ingest & { id: string }> {
  const runsOf = async (id: string) =>
    (
      await sluice.pool.query<{ details: Record<string, number | string> }>(
        `select details from audit_events where action = 'connections:schema_sync' and resource_id = $1
          order by created_at desc`,
        [id],
      )
    ).rows;
  const known = request.connectionId ? (await runsOf(request.connectionId)).length : 0;
  resetPeak(workerPid);
  const started = performance.now();
  const res = await fetch(`${sluice.baseUrl}${request.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sluice.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request.body ?? {}),
  });
  if (res.status !== 201 && res.status !== 202)
    throw new Error(`${request.path} answered ${res.status}: ${await res.text()}`);
  const data = ((await res.json()) as { data: { id: string; connectionId?: string } }).data;
  const id = data.connectionId ?? data.id;
  // The run's audit row is written last: it marks the end of the sync.
  let rows = await runsOf(id);
  while (rows.length <= known) {
    await new Promise((r) => setTimeout(r, 20));
    rows = await runsOf(id);
  }
  const wallMs = performance.now() - started;
  if (rows[0]?.details['outcome'] !== 'ready')
    throw new Error(`ingestion ended ${String(rows[0]?.details['outcome'])}`);
  const details = rows[0]?.details ?? {};
  const syncPeakMb = memoryOf(workerPid).peak;
  resetPeak(workerPid);
  const indexMs = await indexed(sluice, id);
  const indexPeakMb = memoryOf(workerPid).peak;
  return {
    id,
    wallMs,
    indexMs,
    syncPeakMb,
    indexPeakMb,
    runMs: Number(details['durationMs']),
    tables: Number(details['tables']),
    columns: Number(details['columns']),
  };
}

/**
 * Waits for the catalog index job the sync queued (search's words) to end, so that the next sync
 * measured does not share the cores with it; returns how long it took after the sync.
 */
async function indexed(sluice: BenchSluice, id: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await sluice.pool.query<{ state: string }>(
      'select state from catalog_index_status where connection_id = $1',
      [id],
    );
    const state = rows[0]?.state;
    if (state === 'ready') return performance.now() - started;
    if (state === 'failed') throw new Error('the catalog index failed');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function printIngest(label: string, result: Ingest, rawMs: number) {
  console.log(
    [
      label.padEnd(22),
      `${result.tables} tables, ${result.columns} columns`.padEnd(30),
      ms(result.wallMs).padStart(10),
      ms(result.runMs).padStart(10),
      ms(rawMs).padStart(10),
      ratio(result.runMs, rawMs).padStart(7),
      `${Math.round(result.columns / (result.runMs / 1000)).toLocaleString('en')}/s`.padStart(12),
      `${result.syncPeakMb.toFixed(0)} MB`.padStart(8),
      ms(result.indexMs).padStart(11),
      `${result.indexPeakMb.toFixed(0)} MB`.padStart(8),
    ].join(' | '),
  );
}

/** Copies one connection's catalog under new connections, to reach a million columns. */
export async function copyCatalog(
  sluice: BenchSluice,
  from: string,
  copies: number,
): Promise<number> {
  const client = await sluice.pool.connect();
  try {
    for (let i = 1; i <= copies; i++) {
      await client.query('begin');
      const { rows } = await client.query<{ id: string }>(
        `insert into data_connections (name, db_type, host, port, database_name, username, options,
                                       schema_status, schema_ingested_at)
         select name || ' copy ${i}', db_type, host, port, database_name, username, options, 'ready', now()
           from data_connections where id = $1 returning id`,
        [from],
      );
      const to = rows[0]!.id;
      await client.query(
        `create temp table ids on commit drop as
           select id as old_id, gen_random_uuid() as new_id from catalog_objects where connection_id = $1`,
        [from],
      );
      await client.query(
        `insert into catalog_objects (id, connection_id, schema_name, name, kind, comment, row_estimate,
                                      primary_key, foreign_keys, indexes)
         select ids.new_id, $1, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys, indexes
           from catalog_objects o join ids on ids.old_id = o.id`,
        [to],
      );
      await client.query(
        `insert into catalog_columns (object_id, connection_id, ordinal, name, data_type, nullable,
                                      default_value, comment)
         select ids.new_id, $2, ordinal, name, data_type, nullable, default_value, comment
           from catalog_columns c join ids on ids.old_id = c.object_id where c.connection_id = $1`,
        [from, to],
      );
      await client.query('commit');
    }
    // As the sync's writer does once it committed: the copies' index entries leave the pending lists.
    await client.query(
      `select gin_clean_pending_list(i) from unnest(array['catalog_objects_name_trgm_idx',
         'catalog_objects_comment_fts_idx', 'catalog_columns_comment_fts_idx']::regclass[]) as i`,
    );
    await client.query('analyze catalog_objects; analyze catalog_columns');
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from catalog_columns',
    );
    return rows[0]!.n;
  } finally {
    client.release();
  }
}
