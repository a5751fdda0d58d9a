import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, CatalogSearchHit } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  catalogOf,
  changesOf,
  createConnection,
  names,
  syncAndWait,
  postgresCatalogTarget,
  waitForSchema,
} from '../support/schema-sync';

const SHOP = `
create schema sales;
create schema hr;
create schema scratch;
create table sales.customers (
  id bigint generated always as identity primary key,
  email text not null unique,
  country char(2) default 'FR'
);
comment on table sales.customers is 'People who bought something';
comment on column sales.customers.email is 'Login and contact address';
create table sales.orders (
  id bigint primary key,
  customer_id bigint not null references sales.customers(id),
  total numeric(12,2) not null default 0,
  placed_at timestamptz
);
create index orders_placed_idx on sales.orders (placed_at);
create view sales.big_orders as select id, total from sales.orders where total > 1000;
create materialized view sales.daily as select placed_at::date as day, sum(total) as total from sales.orders group by 1;
create table hr.employees (badge int, site text, name varchar(80), primary key (badge, site));
create table scratch.tmp (x int);
create table public.events (id int) partition by range (id);
create table public.events_1 partition of public.events for values from (0) to (100);
`;

describe('Schema ingestion from PostgreSQL', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;

  beforeAll(async () => {
    target = await postgresCatalogTarget(SHOP);
    t = await createTestApp({ SLUICE_ROLE: 'all', SCHEMA_SYNC_RETRY_DELAY_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('ingests every table, view, column, key, index and comment after the connection is created', async () => {
    const created = await createConnection(t, target.body);
    expect(['queued', 'ingesting', 'ready']).toContain(created.schemaStatus);
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(ready.schemaIngestedAt).not.toBeNull();
    expect(ready.schemaProgress).toBeNull();
    expect(ready.schemaMessage).toBe('7 tables and views, 16 columns');

    const catalog = await catalogOf(t, created.id);
    // System schemas and partitions are left out; the partitioned parent stands for them.
    expect(names(catalog)).toEqual(
      [
        'hr.employees',
        'public.events',
        'sales.big_orders',
        'sales.customers',
        'sales.daily',
        'sales.orders',
        'scratch.tmp',
      ].sort(),
    );
    const byName = new Map(catalog.map((o) => [`${o.schemaName}.${o.name}`, o]));
    expect(byName.get('sales.customers')).toEqual({
      schemaName: 'sales',
      name: 'customers',
      kind: 'table',
      comment: 'People who bought something',
      rowEstimate: null,
      primaryKey: ['id'],
      foreignKeys: [],
      indexes: [{ name: 'customers_email_key', columns: ['email'], unique: true }],
      columns: [
        {
          ordinal: 1,
          name: 'id',
          dataType: 'bigint',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 2,
          name: 'email',
          dataType: 'text',
          nullable: false,
          defaultValue: null,
          comment: 'Login and contact address',
        },
        {
          ordinal: 3,
          name: 'country',
          dataType: 'character(2)',
          nullable: true,
          defaultValue: "'FR'::bpchar",
          comment: null,
        },
      ],
    });
    expect(byName.get('sales.orders')).toMatchObject({
      primaryKey: ['id'],
      foreignKeys: [
        {
          name: 'orders_customer_id_fkey',
          columns: ['customer_id'],
          referencedSchema: 'sales',
          referencedTable: 'customers',
          referencedColumns: ['id'],
        },
      ],
      indexes: [{ name: 'orders_placed_idx', columns: ['placed_at'], unique: false }],
    });
    expect(
      byName.get('sales.orders')?.columns.map((c) => [c.name, c.dataType, c.defaultValue]),
    ).toEqual([
      ['id', 'bigint', null],
      ['customer_id', 'bigint', null],
      ['total', 'numeric(12,2)', '0'],
      ['placed_at', 'timestamp with time zone', null],
    ]);
    expect(byName.get('hr.employees')?.primaryKey).toEqual(['badge', 'site']);
    expect(byName.get('sales.big_orders')?.kind).toBe('view');
    expect(byName.get('sales.daily')?.kind).toBe('materialized_view');
    expect(byName.get('public.events')?.kind).toBe('partitioned_table');

    const audit = await t.request(
      'GET',
      `/api/audit-events?action=connections:schema_sync&resourceId=${created.id}`,
      {
        token: await t.adminToken(),
      },
    );
    const events = audit.json<{ data: { items: AuditEvent[] } }>().data.items;
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({
      outcome: 'ready',
      attempt: 1,
      tables: 7,
      columns: 16,
    });
    expect(events[0]?.details['durationMs']).toEqual(expect.any(Number));
  });

  it('pages, filters by schema and searches by table or column name', async () => {
    const created = await createConnection(t, target.body);
    await waitForSchema(t, created.id);
    const token = await t.adminToken();
    const page = await t.request('GET', `/api/connections/${created.id}/schema?pageSize=2&page=2`, {
      token,
    });
    const data = page.json<{
      data: { items: { name: string }[]; total: number; totalPages: number; schemas: string[] };
    }>().data;
    expect(data.total).toBe(7);
    expect(data.totalPages).toBe(4);
    expect(data.items.map((o) => o.name)).toEqual(['big_orders', 'customers']);
    expect(data.schemas).toEqual(['hr', 'public', 'sales', 'scratch']);
    expect(names(await catalogOf(t, created.id, '&schema=hr'))).toEqual(['hr.employees']);
    // "placed" is a column of orders only; "EMPLOY" matches a table name, case-insensitively.
    expect(names(await catalogOf(t, created.id, '&search=placed'))).toEqual(['sales.orders']);
    expect(names(await catalogOf(t, created.id, '&search=EMPLOY'))).toEqual(['hr.employees']);
    const bad = await t.request('GET', `/api/connections/${created.id}/schema?pageSize=500`, {
      token,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'pageSize',
    ]);
  });

  it('narrows to the schemas the include and exclude patterns allow', async () => {
    const created = await createConnection(t, {
      ...target.body,
      options: { schemas: { include: ['s*', 'HR'], exclude: ['scr*'] } },
    });
    await waitForSchema(t, created.id);
    expect(names(await catalogOf(t, created.id))).toEqual([
      'hr.employees',
      'sales.big_orders',
      'sales.customers',
      'sales.daily',
      'sales.orders',
    ]);
  });

  it('records what changed after an ALTER: tables and columns added, removed and retyped', async () => {
    const created = await createConnection(t, {
      ...target.body,
      options: { schemas: { include: ['scratch'] } },
    });
    await waitForSchema(t, created.id);
    expect(await changesOf(t, created.id)).toEqual([]);
    await target.run(`
      alter table scratch.tmp add column note text, alter column x type bigint;
      create table scratch.added (y int);
    `);
    await syncAndWait(t, created.id);
    await target.run('drop table scratch.added; alter table scratch.tmp drop column note;');
    await syncAndWait(t, created.id);
    const changes = await changesOf(t, created.id);
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({
      tablesAdded: [],
      tablesRemoved: ['scratch.added'],
      columnsRemoved: [
        { table: 'scratch.tmp', column: 'note', dataType: 'text', previousDataType: null },
      ],
      columnsAdded: [],
      columnsChanged: [],
      truncated: false,
    });
    expect(changes[1]).toMatchObject({
      tablesAdded: ['scratch.added'],
      tablesRemoved: [],
      columnsAdded: [
        { table: 'scratch.tmp', column: 'note', dataType: 'text', previousDataType: null },
      ],
      columnsChanged: [
        { table: 'scratch.tmp', column: 'x', dataType: 'bigint', previousDataType: 'integer' },
      ],
      counts: {
        tablesAdded: 1,
        tablesRemoved: 0,
        columnsAdded: 1,
        columnsRemoved: 0,
        columnsChanged: 1,
      },
    });
  });

  it('searches names and comments across connections, the exact name first', async () => {
    const created = await createConnection(t, target.body);
    await waitForSchema(t, created.id);
    const token = await t.adminToken();
    const res = await t.request('GET', '/api/catalog/search?q=customers', { token });
    expect(res.status).toBe(200);
    const hits = res
      .json<{ data: CatalogSearchHit[] }>()
      .data.filter((h) => h.connectionId === created.id);
    expect(hits[0]).toMatchObject({
      connectionName: created.name,
      dbType: 'postgresql',
      schemaName: 'sales',
      objectName: 'customers',
      objectKind: 'table',
      columnName: null,
      matched: 'table',
    });
    const byComment = (await t.request('GET', '/api/catalog/search?q=contact%20address', { token }))
      .json<{ data: CatalogSearchHit[] }>()
      .data.filter((h) => h.connectionId === created.id);
    expect(byComment).toEqual([
      expect.objectContaining({ objectName: 'customers', columnName: 'email', matched: 'comment' }),
    ]);
    const column = (await t.request('GET', '/api/catalog/search?q=customer_id', { token }))
      .json<{ data: CatalogSearchHit[] }>()
      .data.filter((h) => h.connectionId === created.id);
    expect(column[0]).toMatchObject({
      objectName: 'orders',
      columnName: 'customer_id',
      dataType: 'bigint',
      matched: 'column',
    });
    const short = await t.request('GET', '/api/catalog/search?q=x', { token });
    expect(short.status).toBe(400);
    expect(short.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['q']);
  });
});
