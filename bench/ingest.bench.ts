/**
 * Ingestion of 10,000 × 20 PostgreSQL tables (and 2,000 × 20 MariaDB) by a worker, beside the raw
 * catalog queries; then catalog search at a million columns, beside the same query on the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, type Pool } from 'pg';
import { CatalogRepository, WORKER_ENTRY, type SearchPool } from '@sluice/api/internals';
import { hasMariadb, startMariadb } from '@sluice/api/test-support';
import { loadFromChild } from './lib/load';
import { BENCH_ENV, startBenchSluice, type BenchSluice } from './lib/sluice';
import { memoryOf, ms, ratio } from './lib/stats';
import { copyCatalog, ingest, printIngest } from './lib/ingest-runs';
import {
  PG_TABLES,
  MARIADB_TABLES,
  COPIES,
  SEARCHES,
  generatePostgres,
  generateMariadb,
  rawPostgres,
  rawMariadb,
} from './lib/ingest-targets';

function startWorker(sluice: BenchSluice): ChildProcess {
  const worker = spawn(process.execPath, [WORKER_ENTRY], {
    env: {
      PATH: process.env['PATH'],
      ...BENCH_ENV,
      DATA_DIR: sluice.config.dataDir,
      DATABASE_URL: sluice.databaseUrl,
      SCHEMA_SYNC_CONCURRENCY: '1',
      SCHEMA_SYNC_TIMEOUT_MS: '600000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return worker;
}

/** BENCH_EXPLAIN=1 prints the plan of each search query, as PostgreSQL ran it. */
async function explainSearch(sluice: BenchSluice, q: string): Promise<void> {
  const explaining = {
    query: async ({ text, values }: { text: string; values: unknown[] }) => {
      const plan = await sluice.pool.query(`explain (analyze, buffers) ${text}`, values);
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      return { rows: [] };
    },
  };
  const pool = explaining as unknown as Pool;
  await new CatalogRepository(pool, explaining as unknown as SearchPool).search({ q, limit: 25 });
}

export async function runIngestBench(): Promise<void> {
  const sluice = await startBenchSluice({ SLUICE_ROLE: 'api' });
  const mariadb = hasMariadb ? await startMariadb() : undefined;
  let worker: ChildProcess | undefined;
  try {
    const admin = new Client({ connectionString: sluice.serverUrl });
    await admin.connect();
    await admin.query('create database bench_target');
    await admin.end();
    const targetUrl = sluice.serverUrl.replace(/\/postgres$/, '/bench_target');
    const target = new URL(targetUrl);
    let generating = performance.now();
    await generatePostgres(targetUrl);
    console.log(
      `generated ${PG_TABLES} PostgreSQL tables × 20 columns in ${ms(performance.now() - generating)}`,
    );
    if (mariadb) {
      generating = performance.now();
      await generateMariadb(mariadb);
      console.log(
        `generated ${MARIADB_TABLES} MariaDB tables × 20 columns in ${ms(performance.now() - generating)}`,
      );
    }

    worker = startWorker(sluice);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = memoryOf(worker.pid!);
    console.log(
      `\nIngestion by a worker process (npm run worker), idle at ${idle.now.toFixed(0)} MB RSS`,
    );
    console.log(
      '(wall: request to ready, incl. queue pick-up; run: the worker’s own time; raw: the catalog queries alone)\n' +
        '(peak RSS: the worker’s during the sync; index: the words job the sync queues, waited for before the next sync)\n' +
        'target                 | catalog                        | wall       | run        | raw        | run/raw | columns/s    | peak RSS | index       | its peak',
    );
    const rawPg = await rawPostgres(targetUrl);
    const first = await ingest(sluice, worker.pid!, {
      path: '/api/connections',
      body: {
        name: 'Bench PostgreSQL',
        dbType: 'postgresql',
        host: target.hostname,
        port: Number(target.port),
        databaseName: 'bench_target',
        username: decodeURIComponent(target.username),
        password: decodeURIComponent(target.password),
      },
    });
    printIngest('PostgreSQL, first', first, rawPg);
    const again = await ingest(sluice, worker.pid!, {
      path: `/api/connections/${first.id}/schema/sync`,
      connectionId: first.id,
    });
    printIngest('PostgreSQL, re-sync', again, rawPg);
    if (mariadb) {
      const rawMy = await rawMariadb(mariadb);
      const my = await ingest(sluice, worker.pid!, {
        path: '/api/connections',
        body: {
          name: 'Bench MariaDB',
          dbType: 'mysql',
          host: mariadb.host,
          port: mariadb.port,
          databaseName: 'bench',
          username: mariadb.admin.username,
          password: mariadb.admin.password,
        },
      });
      printIngest('MariaDB, first', my, rawMy);
    } else {
      console.log(
        '(MariaDB is not installed: only PostgreSQL is measured; apt-get install mariadb-server)',
      );
    }
    // The targets: 10,000 tables in ≤ 2.5× the raw queries; 100,000 in ≤ 60 s and ≤ 400 MB.
    const slowest = Math.max(first.runMs, again.runMs);
    const peak = Math.max(first.syncPeakMb, again.syncPeakMb);
    console.log(
      PG_TABLES > 10_000
        ? `PostgreSQL ${PG_TABLES} × 20 in ≤ 60 s: ${slowest <= 60_000 ? 'yes' : 'NO'}; ` +
            `worker's peak RSS during a sync ≤ 400 MB: ${peak <= 400 ? 'yes' : 'NO'} (${peak.toFixed(0)} MB)`
        : `PostgreSQL ${PG_TABLES} × 20 in ≤ 2.5× the raw queries: ${slowest <= 2.5 * rawPg ? 'yes' : 'NO'} ` +
            `(${ratio(slowest, rawPg)} at worst)`,
    );

    // Search is measured at 10,000 tables and its copies; `semantic` searches 100,000.
    if (PG_TABLES > 10_000) return;
    const columns = await copyCatalog(sluice, first.id, COPIES);
    console.log(
      `\nGET /api/catalog/search over ${columns.toLocaleString('en')} columns (${COPIES + 1} connections): one client (a person searching), then 4 at once`,
    );
    console.log(
      'query         | API p50    | API p99    | DB p50     | DB p99     | p50 ratio | 4 clients p50 | 4 clients p99 | p99 ≤ 50 ms | page 1 (counted) p50 | p99',
    );
    for (const [label, q] of Object.entries(SEARCHES)) {
      if (process.env['BENCH_EXPLAIN']) await explainSearch(sluice, q);
      const query = `q=${encodeURIComponent(q)}`;
      const http = {
        mode: 'http' as const,
        target: `${sluice.baseUrl}/api/catalog/search`,
        token: sluice.token,
      };
      const api = await loadFromChild({ ...http, query, total: 300, concurrency: 1, warmup: 30 });
      const db = await loadFromChild({
        mode: 'catalog',
        target: sluice.databaseUrl,
        query,
        total: 300,
        concurrency: 1,
        warmup: 30,
      });
      const busy = await loadFromChild({ ...http, query, total: 400, concurrency: 4, warmup: 40 });
      // The Catalog page's own request: a page of tables and the count of all that match.
      const paged = await loadFromChild({
        ...http,
        query: `${query}&page=1&limit=20`,
        total: 300,
        concurrency: 1,
        warmup: 30,
      });
      console.log(
        [
          label.padEnd(13),
          ms(api.p50).padStart(10),
          ms(api.p99).padStart(10),
          ms(db.p50).padStart(10),
          ms(db.p99).padStart(10),
          ratio(api.p50, db.p50).padStart(9),
          ms(busy.p50).padStart(13),
          ms(busy.p99).padStart(13),
          (api.p99 <= 50 ? 'yes' : 'NO').padEnd(11),
          ms(paged.p50).padStart(20),
          ms(paged.p99),
        ].join(' | '),
      );
    }
  } finally {
    worker?.kill('SIGTERM');
    await mariadb?.stop();
    await sluice.stop();
  }
}
