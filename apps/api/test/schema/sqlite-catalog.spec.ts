import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  catalogOf,
  changesOf,
  createConnection,
  names,
  syncAndWait,
  waitForSchema,
} from '../support/schema-sync';

const SHOP = `
create table customers (
  id integer primary key,
  email text not null unique,
  country text default 'FR'
);
create table orders (
  id integer primary key,
  customer_id integer not null references customers,
  total real not null default 0
);
create index orders_total on orders (total);
create table line_items (
  order_id integer references orders(id),
  line integer,
  sku,
  primary key (order_id, line)
);
create view big_orders as select id, total from orders where total > 1000;
`;

async function writeDatabase(path: string, sql: string) {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(sql);
  writeFileSync(path, Buffer.from(db.export()));
  db.close();
}

describe('Schema ingestion from SQLite', () => {
  let t: TestApp;
  const root = mkdtempSync(join(tmpdir(), 'sluice-sqlite-catalog-'));
  const file = join(root, 'shop.db');

  beforeAll(async () => {
    await writeDatabase(file, SHOP);
    t = await createTestApp({ SLUICE_ROLE: 'all', SQLITE_ROOT: root });
  });
  afterAll(() => t.close());

  // SQLite reports declared types in capitals, whatever case the DDL used.
  it('reads tables, views, columns, keys and indexes, and leaves the file as it was', async () => {
    const before = readFileSync(file);
    const created = await createConnection(t, { dbType: 'sqlite', databaseName: 'shop.db' });
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(ready.schemaMessage).toBe('4 tables and views, 11 columns');

    const catalog = await catalogOf(t, created.id);
    expect(names(catalog)).toEqual([
      'main.big_orders',
      'main.customers',
      'main.line_items',
      'main.orders',
    ]);
    const byName = new Map(catalog.map((o) => [o.name, o]));
    expect(byName.get('customers')).toEqual({
      schemaName: 'main',
      name: 'customers',
      kind: 'table',
      comment: null,
      rowEstimate: null,
      primaryKey: ['id'],
      foreignKeys: [],
      indexes: [{ name: 'sqlite_autoindex_customers_1', columns: ['email'], unique: true }],
      columns: [
        {
          ordinal: 1,
          name: 'id',
          dataType: 'INTEGER',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 2,
          name: 'email',
          dataType: 'TEXT',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 3,
          name: 'country',
          dataType: 'TEXT',
          nullable: true,
          defaultValue: "'FR'",
          comment: null,
        },
      ],
    });
    // A key naming no column points at the referenced table's primary key.
    expect(byName.get('orders')).toMatchObject({
      primaryKey: ['id'],
      foreignKeys: [
        {
          columns: ['customer_id'],
          referencedSchema: 'main',
          referencedTable: 'customers',
          referencedColumns: ['id'],
        },
      ],
      indexes: [{ name: 'orders_total', columns: ['total'], unique: false }],
    });
    expect(byName.get('line_items')?.primaryKey).toEqual(['order_id', 'line']);
    expect(byName.get('line_items')?.columns.map((c) => [c.name, c.dataType])).toEqual([
      ['order_id', 'INTEGER'],
      ['line', 'INTEGER'],
      ['sku', 'ANY'],
    ]);
    expect(byName.get('big_orders')?.kind).toBe('view');
    expect(byName.get('big_orders')?.columns.map((c) => c.name)).toEqual(['id', 'total']);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('records a changed file as the next sync’s diff', async () => {
    const path = join(root, 'diff.db');
    await writeDatabase(path, 'create table a (x integer, y text); create table gone (z int);');
    const created = await createConnection(t, { dbType: 'sqlite', databaseName: 'diff.db' });
    expect((await waitForSchema(t, created.id)).schemaStatus).toBe('ready');
    await writeDatabase(path, 'create table a (x real, w blob); create table fresh (z int);');
    expect((await syncAndWait(t, created.id)).schemaStatus).toBe('ready');
    const [change] = await changesOf(t, created.id);
    expect(change).toMatchObject({
      tablesAdded: ['main.fresh'],
      tablesRemoved: ['main.gone'],
      columnsAdded: [{ table: 'main.a', column: 'w', dataType: 'BLOB' }],
      columnsRemoved: [{ table: 'main.a', column: 'y', dataType: 'TEXT' }],
      columnsChanged: [
        { table: 'main.a', column: 'x', dataType: 'REAL', previousDataType: 'INTEGER' },
      ],
    });
  });

  it("gives a Viewer the catalog and the connection's name, never its settings", async () => {
    const created = await createConnection(t, {
      dbType: 'sqlite',
      databaseName: 'shop.db',
      name: 'Shop for viewers',
    });
    await waitForSchema(t, created.id);
    const viewer = await t.userWithRole('viewer');
    const page = await t.request('GET', `/api/connections/${created.id}/schema`, {
      token: viewer.token,
    });
    expect(page.status).toBe(200);
    expect(page.json<{ data: { connectionName: string; total: number } }>().data).toMatchObject({
      connectionName: 'Shop for viewers',
      total: 4,
    });
    expect(page.body).not.toContain('shop.db');
    const search = await t.request('GET', '/api/catalog/search?q=customers', {
      token: viewer.token,
    });
    expect(search.status).toBe(200);
    expect(search.body).toContain('Shop for viewers');
    expect(search.body).not.toContain('shop.db');
    for (const url of [
      '/api/connections',
      `/api/connections/${created.id}`,
      `/api/connections/${created.id}/schema/sync`,
    ])
      expect((await t.request('GET', url, { token: viewer.token })).status, url).toBe(403);
  });
});
