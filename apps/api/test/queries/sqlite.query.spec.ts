import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { querier, refusalOf, rowsOf } from './query-support';

const REFUSED: [string, string][] = [
  ["insert into orders values (3, 1.0, 'x', null)", 'QUERY_NOT_READ_ONLY'],
  ['update orders set total = 0', 'QUERY_NOT_READ_ONLY'],
  ['delete from orders', 'QUERY_NOT_READ_ONLY'],
  ['drop table orders', 'QUERY_NOT_READ_ONLY'],
  ['create table x (a int)', 'QUERY_NOT_READ_ONLY'],
  ['select 1; delete from orders', 'QUERY_MULTIPLE_STATEMENTS'],
  ["attach database '/tmp/other.db' as other", 'QUERY_NOT_READ_ONLY'],
  ['pragma writable_schema = 1', 'QUERY_NOT_READ_ONLY'],
  ['vacuum', 'QUERY_NOT_READ_ONLY'],
  ["select load_extension('/tmp/evil.so')", 'QUERY_FUNCTION_DENIED'],
  ["select readfile('/etc/passwd')", 'QUERY_FUNCTION_DENIED'],
  ['selec 1', 'QUERY_UNPARSABLE'],
];

describe('queries through Sluice on SQLite', () => {
  let t: TestApp;
  let admin: string;
  let id: string;
  const root = mkdtempSync(join(tmpdir(), 'sluice-sqlite-query-'));
  const file = join(root, 'shop.db');
  const hash = () => createHash('sha256').update(readFileSync(file)).digest('hex');
  const ask = (...args: Parameters<ReturnType<typeof querier>>) =>
    querier(
      t,
      () => id,
      () => admin,
    )(...args);

  beforeAll(async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(`create table orders (id integer primary key, total real, note text, raw blob);
      insert into orders values (1, 9.5, 'first', x'deadbeef'), (9007199254740993, 2.25, null, null);`);
    writeFileSync(file, Buffer.from(db.export()));
    db.close();
    t = await createTestApp({ SQLITE_ROOT: root });
    admin = await t.adminToken();
    const created = await t.request('POST', '/api/connections', {
      token: admin,
      body: { name: unique('Query SQLite'), dbType: 'sqlite', databaseName: 'shop.db' },
    });
    id = created.json<{ data: { id: string } }>().data.id;
  });
  afterAll(() => t.close());

  it('reads rows with exact values, big integers as strings and blobs as base64', async () => {
    const result = await rowsOf(ask('select id, total, note, raw from orders order by id'));
    expect(result.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'total', type: 'real' },
      { name: 'note', type: 'text' },
      { name: 'raw', type: 'blob' },
    ]);
    expect(result.rows).toEqual([
      [1, 9.5, 'first', '3q2+7w=='],
      ['9007199254740993', 2.25, null, null],
    ]);
    const capped = await rowsOf(
      ask(
        'with recursive c(x) as (select 1 union all select x + 1 from c limit 5000) select x from c',
        {
          maxRows: 100,
        },
      ),
    );
    expect(capped).toMatchObject({ rowCount: 100, truncated: true });
  });

  it('refuses writes, attachments, pragmas and extensions, and the file is unchanged', async () => {
    const before = hash();
    for (const [sql, code] of REFUSED) expect((await refusalOf(ask(sql))).code, sql).toBe(code);
    expect(hash()).toBe(before);
  });

  it('ends a statement that outlives its timeout', async () => {
    const endless =
      'with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c';
    const problem = await refusalOf(ask(endless, { timeoutMs: 300 }));
    expect(problem.code).toBe('TIMEOUT');
  });

  it("lists the caller's own recent queries, newest first, and no one else's", async () => {
    await rowsOf(ask('select 1 as first_of_history'));
    await refusalOf(ask('delete from orders -- second of history'));
    const mine = await t.request('GET', `/api/queries/history?connectionId=${id}`, {
      token: admin,
    });
    expect(mine.status).toBe(200);
    const items = mine.json<{ data: { sql: string; outcome: string }[] }>().data;
    expect(items.slice(0, 2)).toMatchObject([
      { sql: 'delete from orders -- second of history', outcome: 'QUERY_NOT_READ_ONLY' },
      { sql: 'select 1 as first_of_history', outcome: 'ok' },
    ]);
    const other = await t.userWithRole('contributor');
    const theirs = await t.request('GET', '/api/queries/history', { token: other.token });
    expect(theirs.json<{ data: unknown[] }>().data).toEqual([]);
  });
});
