/**
 * What POST /api/connections/:id/query costs beside the raw driver, against the same local
 * PostgreSQL in the same run: SELECT of 1 row and of 10,000 rows × 10 columns, one at a time.
 * The raw driver is measured as a tool without a pool uses it (connect, query, end) and on an
 * already open connection. Sluice keeps its target sessions open between queries
 * (QUERY_SESSION_IDLE_SECONDS), and adds HTTP, sign-in, the parser, the read-only transaction,
 * its thread and the audit event.
 */
import { Client } from 'pg';
import { startBenchSluice } from './lib/sluice';
import { median, ms, ratio } from './lib/stats';

const WIDE = `select id, id::int8 * 1000003 as big, 'name ' || id as name, (id * 1.25)::numeric(12,2) as amount,
  timestamptz '2024-01-01' + id * interval '1 minute' as at, id % 2 = 0 as even, id / 7.0::float8 as ratio,
  date '2024-01-01' + id % 365 as day, md5(id::text) as hash, 'note for row ' || id as note
  from bench_rows order by id`;

export async function runQueryBench(): Promise<void> {
  const sluice = await startBenchSluice();
  const setup = new Client({ connectionString: sluice.serverUrl });
  try {
    await setup.connect();
    await setup.query('drop table if exists bench_rows');
    await setup.query('create table bench_rows as select g as id from generate_series(1, 10000) g');
    const url = new URL(sluice.serverUrl);
    const created = await fetch(`${sluice.baseUrl}/api/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sluice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'bench',
        dbType: 'postgresql',
        host: url.hostname,
        port: Number(url.port),
        databaseName: 'postgres',
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      }),
    });
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const open = new Client({ connectionString: sluice.serverUrl });
    await open.connect();
    const cases = [
      { label: '1 row', sql: 'select 1 as one', rows: 1, maxRows: 500, iterations: 200 },
      { label: '10,000 rows × 10', sql: WIDE, rows: 10_000, maxRows: 10_000, iterations: 30 },
    ];
    console.log(
      'POST /api/connections/:id/query vs the raw pg driver, one call at a time (medians)',
    );
    console.log(
      'case             | Sluice    | raw connect+query | difference | ratio | raw on open conn.',
    );
    for (const c of cases) {
      const viaSluice = await median(c.iterations, async () => {
        const res = await fetch(`${sluice.baseUrl}/api/connections/${id}/query`, {
          method: 'POST',
          headers: { authorization: `Bearer ${sluice.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sql: c.sql, maxRows: c.maxRows }),
        });
        const body = (await res.json()) as { data?: { rowCount: number }; detail?: string };
        if (body.data?.rowCount !== c.rows)
          throw new Error(`${c.label}: ${JSON.stringify(body).slice(0, 300)}`);
      });
      const raw = await median(c.iterations, async () => {
        const client = new Client({ connectionString: sluice.serverUrl });
        await client.connect();
        const { rows } = await client.query({ text: c.sql, rowMode: 'array' });
        await client.end();
        if (rows.length !== c.rows) throw new Error('raw: wrong row count');
      });
      const rawOpen = await median(c.iterations, async () => {
        await open.query({ text: c.sql, rowMode: 'array' });
      });
      console.log(
        [
          c.label.padEnd(16),
          ms(viaSluice).padStart(9),
          ms(raw).padStart(17),
          `+${ms(viaSluice - raw)}`.padStart(10),
          ratio(viaSluice, raw).padStart(5),
          ms(rawOpen).padStart(17),
        ].join(' | '),
      );
    }
    await open.end();
    await setup.query('drop table if exists bench_rows');
  } finally {
    await setup.end().catch(() => undefined);
    await sluice.stop();
  }
}
