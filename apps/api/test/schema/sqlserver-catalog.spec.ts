import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlServerAnswers } from '../support/sqlserver-answers';
import { startTdsPeer, type TdsPeer } from '../support/tds-peer';
import { createTestApp, type TestApp } from '../support/test-app';
import { catalogOf, createConnection, names, waitForSchema } from '../support/schema-sync';

const PASSWORD = 'Sync-Secret-7';

describe('Schema ingestion from SQL Server (a TDS protocol peer serving sys.* rows)', () => {
  let peer: TdsPeer;
  let t: TestApp;
  const body = (options: Record<string, unknown> = {}) => ({
    dbType: 'sqlserver',
    host: '127.0.0.1',
    port: peer.port,
    databaseName: 'sales',
    username: 'sa',
    password: PASSWORD,
    options,
  });

  beforeAll(async () => {
    peer = await startTdsPeer({
      users: { sa: PASSWORD },
      databases: ['sales'],
      answer: sqlServerAnswers(),
    });
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('reads tables, views, columns, keys, indexes and comments from sys.*', async () => {
    const created = await createConnection(t, body());
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const catalog = await catalogOf(t, created.id);
    expect(names(catalog)).toEqual(['dbo.big_orders', 'dbo.customers', 'dbo.orders', 'hr.staff']);
    const byName = new Map(catalog.map((o) => [o.name, o]));
    expect(byName.get('customers')).toEqual({
      schemaName: 'dbo',
      name: 'customers',
      kind: 'table',
      comment: 'People who buy',
      rowEstimate: 1200,
      primaryKey: ['id'],
      foreignKeys: [],
      indexes: [{ name: 'UX_customers_email', columns: ['email'], unique: true }],
      columns: [
        {
          ordinal: 1,
          name: 'id',
          dataType: 'int',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 2,
          name: 'name',
          dataType: 'nvarchar(100)',
          nullable: false,
          defaultValue: null,
          comment: 'Full name',
        },
        {
          ordinal: 3,
          name: 'email',
          dataType: 'varchar(max)',
          nullable: true,
          defaultValue: null,
          comment: null,
        },
      ],
    });
    expect(byName.get('orders')).toMatchObject({
      primaryKey: ['id'],
      foreignKeys: [
        {
          name: 'FK_orders_customers',
          columns: ['customer_id'],
          referencedSchema: 'dbo',
          referencedTable: 'customers',
          referencedColumns: ['id'],
        },
      ],
      indexes: [{ name: 'IX_orders_customer', columns: ['customer_id'], unique: false }],
    });
    expect(byName.get('orders')?.columns.at(-1)).toMatchObject({
      name: 'total',
      dataType: 'decimal(10,2)',
      defaultValue: '((0))',
    });
    expect(byName.get('big_orders')).toMatchObject({ kind: 'view', rowEstimate: null });
  });

  it('applies the include and exclude patterns of options.schemas', async () => {
    const created = await createConnection(t, body({ schemas: { exclude: ['h*'] } }));
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(names(await catalogOf(t, created.id))).toEqual([
      'dbo.big_orders',
      'dbo.customers',
      'dbo.orders',
    ]);
  });

  it('fails a sync with the login error, without a retry, for a wrong password', async () => {
    const created = await createConnection(t, { ...body(), password: 'Not-The-Password' });
    const failed = await waitForSchema(t, created.id);
    expect(failed).toMatchObject({
      schemaStatus: 'failed',
      schemaMessage: 'Login failed for user "sa"',
    });
    // A wrong password is not worth another try: the peer saw one login with it, not three.
    expect(peer.logins.filter((l) => l.password === 'Not-The-Password')).toHaveLength(1);
  });
});
