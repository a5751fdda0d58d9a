/** The targets of the ingest benchmark: generated schemas, and the raw catalog queries alone. */
import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import { MYSQL_CATALOG_QUERIES, POSTGRES_CATALOG_QUERIES } from '@sluice/api/internals';
import type { startMariadb } from '@sluice/api/test-support';

export const PG_TABLES = Number(process.env['BENCH_TABLES'] ?? 10_000);
export const MARIADB_TABLES = 2_000;
export const SCHEMAS = 10;
export const BATCH = 250;
/** Copies of the ingested catalog under other connections, to search a million columns. */
export const COPIES = 4;
export const SEARCHES: Record<string, string> = {
  'exact table': 't_004211',
  'exact column': 'customer_id',
  prefix: 'order_to',
  substring: 'mail',
  comment: 'region 7',
};

/** The columns of every generated table: 20, in the types a warehouse holds. */
export const PG_COLUMNS = [
  'id bigint primary key',
  'customer_id bigint not null',
  'order_total numeric(12,2)',
  "status text default 'new'",
  'email varchar(200)',
  'created_at timestamptz default now()',
  'updated_at timestamptz',
  'is_active boolean default true',
  ...Array.from({ length: 12 }, (_, i) =>
    i % 3 === 0
      ? `c${i + 9}_amount numeric`
      : i % 3 === 1
        ? `c${i + 9}_code int`
        : `c${i + 9}_note text`,
  ),
].join(', ');
export const MYSQL_COLUMNS = PG_COLUMNS.replace(/timestamptz/g, 'datetime').replace(
  /default now\(\)/g,
  'default current_timestamp',
);

export const tableName = (i: number) => `t_${String(i).padStart(6, '0')}`;

export async function generatePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let s = 0; s < SCHEMAS; s++) await client.query(`create schema if not exists s${s}`);
    for (let start = 0; start < PG_TABLES; start += BATCH) {
      const statements: string[] = [];
      for (let i = start; i < Math.min(start + BATCH, PG_TABLES); i++) {
        const name = `s${i % SCHEMAS}.${tableName(i)}`;
        statements.push(`create table ${name} (${PG_COLUMNS})`);
        if (i % 10 === 0)
          statements.push(`comment on table ${name} is 'Customer orders for region ${i % 50}'`);
        if (i % 5 === 0) statements.push(`comment on column ${name}.email is 'Contact address'`);
      }
      await client.query(statements.join(';\n'));
    }
  } finally {
    await client.end();
  }
}

export async function generateMariadb(server: Awaited<ReturnType<typeof startMariadb>>) {
  const connection = await createConnection({
    host: server.host,
    port: server.port,
    user: server.admin.username,
    password: server.admin.password,
    multipleStatements: true,
  });
  try {
    await connection.query('create database bench');
    for (let start = 0; start < MARIADB_TABLES; start += BATCH) {
      const statements: string[] = [];
      for (let i = start; i < Math.min(start + BATCH, MARIADB_TABLES); i++) {
        const comment = i % 10 === 0 ? ` comment 'Customer orders for region ${i % 50}'` : '';
        statements.push(`create table bench.${tableName(i)} (${MYSQL_COLUMNS})${comment}`);
      }
      await connection.query(statements.join(';\n'));
    }
  } finally {
    await connection.end();
  }
}

export async function medianOf(runs: number, work: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** The five pg_catalog queries alone, as the driver runs them, rows fetched. */
export async function rawPostgres(url: string): Promise<number> {
  return medianOf(3, async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const [schemasSql, ...rest] = POSTGRES_CATALOG_QUERIES;
    const schemas = (await client.query<{ name: string }>(schemasSql)).rows
      .map((r) => r.name)
      .filter((n) => /^s\d+$|^public$/.test(n));
    for (const sql of rest) await client.query(sql, [schemas]);
    await client.end();
  });
}

export async function rawMariadb(
  server: Awaited<ReturnType<typeof startMariadb>>,
): Promise<number> {
  return medianOf(3, async () => {
    const connection = await createConnection({
      host: server.host,
      port: server.port,
      user: server.admin.username,
      password: server.admin.password,
    });
    for (const sql of MYSQL_CATALOG_QUERIES) await connection.query(sql, [['bench']]);
    await connection.end();
  });
}

/** `npm run worker` as its own process, so that its memory is its own. */
