/**
 * GET /api/connections over 10,000 rows with 50 concurrent clients, beside the same repository
 * query run straight on the database in the same run.
 */
import { loadFromChild } from './lib/load';
import { ms, ratio } from './lib/stats';
import { startBenchSluice, type BenchSluice } from './lib/sluice';

const ROWS = 10_000;
const CONCURRENCY = 50;
const REQUESTS = 3_000;

/** A server warms up (JIT, caches) before it is measured: this many requests, then the run. */
const API_WARMUP = 3_000;
const DB_WARMUP = 300;

interface Scenario {
  label: string;
  query: string;
  /** Connections changed per second meanwhile, by another client: each change drops the cached lists. */
  writesPerSecond?: number;
}

const SCENARIOS: Scenario[] = [
  { label: 'page 1', query: '' },
  { label: 'search', query: 'search=warehouse' },
  { label: 'filter', query: 'dbType=mysql' },
  { label: 'sort', query: 'sortBy=lastTestedAt&sortOrder=asc&page=3' },
  { label: 'page 1 + 20 writes/s', query: '', writesPerSecond: 20 },
];

/** Changes one connection after another while the load runs, as syncs and tests do. */
function startWriter(pool: BenchSluice['pool'], perSecond: number): () => void {
  let n = 0;
  const timer = setInterval(() => {
    n += 1;
    void pool.query(`update data_connections set last_test_message = $2 where name = $1`, [
      `Connection ${1 + (n % ROWS)}`,
      `bench write ${n}`,
    ]);
  }, 1000 / perSecond);
  return () => clearInterval(timer);
}

export async function runListBench(): Promise<void> {
  const sluice = await startBenchSluice();
  try {
    await sluice.pool.query(`
      insert into data_connections (name, description, db_type, host, port, database_name, username, options, last_tested_at, last_test_result,
                                    sync_schedule, health_check_interval)
      select 'Connection ' || i || case when i % 7 = 0 then ' warehouse' else '' end,
             'Generated for the benchmark, number ' || i,
             (array['postgresql','mysql','sqlserver','databricks','snowflake','oracle'])[1 + i % 6]::database_type,
             'db' || i || '.example.com', 5432, 'db_' || i, 'user_' || i, '{}'::jsonb,
             case when i % 3 = 0 then null else now() - (i || ' minutes')::interval end,
             case when i % 3 = 0 then null else i % 2 = 0 end,
             'off', 'off'
        from generate_series(1, ${ROWS}) as i`);
    await sluice.pool.query('analyze data_connections');
    console.log(
      `GET /api/connections — ${ROWS} rows, ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per query`,
    );
    console.log(
      '(load from a separate process; the baseline runs the same repository query straight on the database)',
    );
    console.log(
      'query                | API p50    | API p99    | API req/s | DB p50     | DB p99     | DB q/s  | p50 ratio | p99 ≤ 20 ms',
    );
    for (const { label, query, writesPerSecond } of SCENARIOS) {
      const common = { query, total: REQUESTS, concurrency: CONCURRENCY };
      const stopWriter = writesPerSecond ? startWriter(sluice.pool, writesPerSecond) : () => {};
      const api = await loadFromChild({
        ...common,
        mode: 'http',
        target: `${sluice.baseUrl}/api/connections`,
        token: sluice.token,
        warmup: API_WARMUP,
      }).finally(stopWriter);
      const db = await loadFromChild({
        ...common,
        mode: 'db',
        target: sluice.databaseUrl,
        warmup: DB_WARMUP,
      });
      console.log(
        [
          label.padEnd(20),
          ms(api.p50).padStart(10),
          ms(api.p99).padStart(10),
          api.perSecond.toFixed(0).padStart(9),
          ms(db.p50).padStart(10),
          ms(db.p99).padStart(10),
          db.perSecond.toFixed(0).padStart(7),
          ratio(api.p50, db.p50).padStart(9),
          api.p99 <= 20 ? 'yes' : 'NO',
        ].join(' | '),
      );
    }
  } finally {
    await sluice.stop();
  }
}
