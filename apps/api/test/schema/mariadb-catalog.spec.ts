import { createConnection as connectMysql } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { hasMariadb, requireMariadb, startMariadb, type MariadbServer } from '../support/mariadb';
import {
  catalogOf,
  changesOf,
  createConnection,
  names,
  syncAndWait,
  waitForSchema,
} from '../support/schema-sync';

requireMariadb();

const SETUP = [
  'create database crm',
  'create database billing',
  'create database scratch',
  `create table crm.customers (
     id int auto_increment primary key,
     email varchar(200) not null comment 'Login and contact address',
     country char(2) default 'FR',
     unique key customers_email (email)
   ) comment 'People who bought something'`,
  `create table crm.orders (
     id bigint primary key,
     customer_id int not null,
     total decimal(12,2) not null default 0,
     placed_at datetime null,
     key orders_placed (placed_at),
     constraint orders_customer foreign key (customer_id) references crm.customers(id)
   )`,
  'create view crm.big_orders as select id, total from crm.orders where total > 1000',
  `create table billing.invoices (
     year smallint, number int, customer_id int,
     primary key (year, number),
     constraint invoices_customer foreign key (customer_id) references crm.customers(id)
   )`,
  'create table scratch.tmp (x int)',
];

describe.skipIf(!hasMariadb)('Schema ingestion from MariaDB', () => {
  let server: MariadbServer;
  let t: TestApp;
  let body: Record<string, unknown>;
  const root = () =>
    connectMysql({
      host: server.host,
      port: server.port,
      user: server.admin.username,
      password: server.admin.password,
    });

  beforeAll(async () => {
    server = await startMariadb();
    const admin = await root();
    for (const statement of SETUP) await admin.query(statement);
    await admin.end();
    body = {
      dbType: 'mysql',
      host: server.host,
      port: server.port,
      username: server.admin.username,
      password: server.admin.password,
    };
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('reads the named database only: tables, views, columns, keys, indexes and comments', async () => {
    const created = await createConnection(t, { ...body, databaseName: 'crm' });
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const catalog = await catalogOf(t, created.id);
    expect(names(catalog)).toEqual(['crm.big_orders', 'crm.customers', 'crm.orders']);
    const byName = new Map(catalog.map((o) => [o.name, o]));
    expect(byName.get('customers')).toEqual({
      schemaName: 'crm',
      name: 'customers',
      kind: 'table',
      comment: 'People who bought something',
      rowEstimate: 0,
      primaryKey: ['id'],
      foreignKeys: [],
      indexes: [{ name: 'customers_email', columns: ['email'], unique: true }],
      columns: [
        {
          ordinal: 1,
          name: 'id',
          dataType: 'int(11)',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 2,
          name: 'email',
          dataType: 'varchar(200)',
          nullable: false,
          defaultValue: null,
          comment: 'Login and contact address',
        },
        {
          ordinal: 3,
          name: 'country',
          dataType: 'char(2)',
          nullable: true,
          defaultValue: "'FR'",
          comment: null,
        },
      ],
    });
    expect(byName.get('orders')).toMatchObject({
      primaryKey: ['id'],
      foreignKeys: [
        {
          name: 'orders_customer',
          columns: ['customer_id'],
          referencedSchema: 'crm',
          referencedTable: 'customers',
          referencedColumns: ['id'],
        },
      ],
      indexes: [
        { name: 'orders_customer', columns: ['customer_id'], unique: false },
        { name: 'orders_placed', columns: ['placed_at'], unique: false },
      ],
    });
    expect(byName.get('orders')?.columns.map((c) => [c.name, c.dataType, c.defaultValue])).toEqual([
      ['id', 'bigint(20)', null],
      ['customer_id', 'int(11)', null],
      ['total', 'decimal(12,2)', '0.00'],
      ['placed_at', 'datetime', null],
    ]);
    expect(byName.get('big_orders')).toMatchObject({ kind: 'view', rowEstimate: null });
  });

  it('follows include and exclude patterns across databases, and never reads system schemas', async () => {
    const included = await createConnection(t, {
      ...body,
      options: { schemas: { include: ['CRM', 'bill*'] } },
    });
    const excluded = await createConnection(t, {
      ...body,
      options: { schemas: { exclude: ['scr*', 'shop'] } },
    });
    for (const c of [included, excluded]) {
      expect((await waitForSchema(t, c.id)).schemaStatus).toBe('ready');
    }
    const expected = ['billing.invoices', 'crm.big_orders', 'crm.customers', 'crm.orders'];
    expect(names(await catalogOf(t, included.id))).toEqual(expected);
    expect(names(await catalogOf(t, excluded.id))).toEqual(expected);
    const invoices = (await catalogOf(t, included.id)).find((o) => o.name === 'invoices');
    expect(invoices?.primaryKey).toEqual(['year', 'number']);
    expect(invoices?.foreignKeys[0]).toMatchObject({
      referencedSchema: 'crm',
      referencedTable: 'customers',
    });
  });

  it('stores what an ALTER changed as the next sync’s diff', async () => {
    const created = await createConnection(t, { ...body, databaseName: 'scratch' });
    expect((await waitForSchema(t, created.id)).schemaStatus).toBe('ready');
    const admin = await root();
    await admin.query('alter table scratch.tmp modify x bigint, add column note text');
    await admin.query('create table scratch.extra (id int)');
    await admin.end();
    expect((await syncAndWait(t, created.id)).schemaStatus).toBe('ready');
    const changes = await changesOf(t, created.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      tablesAdded: ['scratch.extra'],
      tablesRemoved: [],
      columnsAdded: [{ table: 'scratch.tmp', column: 'note', dataType: 'text' }],
      columnsRemoved: [],
      columnsChanged: [
        { table: 'scratch.tmp', column: 'x', dataType: 'bigint(20)', previousDataType: 'int(11)' },
      ],
    });
  });
});
