import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databricksAnswers } from '../support/databricks-answers';
import { startDatabricksPeer, type DatabricksPeer } from '../support/databricks-peer';
import { createTestApp, type TestApp } from '../support/test-app';
import { catalogOf, createConnection, names, waitForSchema } from '../support/schema-sync';

const TOKEN = 'dapi-sync-token-7';
const HTTP_PATH = '/sql/1.0/warehouses/sync42';

describe('Schema ingestion from Databricks (a Thrift peer serving INFORMATION_SCHEMA rows)', () => {
  let peer: DatabricksPeer;
  let t: TestApp;
  const body = (options: Record<string, unknown> = {}) => ({
    dbType: 'databricks',
    host: '127.0.0.1',
    port: peer.port,
    password: TOKEN,
    options: { httpPath: HTTP_PATH, catalog: 'main', ...options },
  });

  beforeAll(async () => {
    peer = await startDatabricksPeer({
      httpPath: HTTP_PATH,
      token: TOKEN,
      catalogs: ['main'],
      answer: databricksAnswers(),
    });
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('reads tables, views, columns, comments and keys of the catalog', async () => {
    const created = await createConnection(t, body());
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const catalog = await catalogOf(t, created.id);
    expect(names(catalog)).toEqual([
      'raw.events',
      'sales.big_orders',
      'sales.customers',
      'sales.orders',
    ]);
    const byName = new Map(catalog.map((o) => [o.name, o]));
    expect(byName.get('customers')).toEqual({
      schemaName: 'sales',
      name: 'customers',
      kind: 'table',
      comment: 'People who buy',
      rowEstimate: null,
      primaryKey: ['id'],
      foreignKeys: [],
      indexes: [],
      columns: [
        {
          ordinal: 0,
          name: 'id',
          dataType: 'bigint',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 1,
          name: 'email',
          dataType: 'string',
          nullable: true,
          defaultValue: null,
          comment: 'Contact address',
        },
      ],
    });
    expect(byName.get('orders')).toMatchObject({
      primaryKey: ['id'],
      foreignKeys: [
        {
          name: 'orders_customers_fk',
          columns: ['customer_id'],
          referencedSchema: 'sales',
          referencedTable: 'customers',
          referencedColumns: ['id'],
        },
      ],
    });
    expect(byName.get('big_orders')).toMatchObject({ kind: 'view' });
    expect(peer.openSessions()).toBe(0);
  });

  it('applies the exclude patterns of options.schemas', async () => {
    const created = await createConnection(t, body({ schemas: { exclude: ['raw'] } }));
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(names(await catalogOf(t, created.id))).toEqual([
      'sales.big_orders',
      'sales.customers',
      'sales.orders',
    ]);
  });

  it('fails a sync for a wrong token, naming the field', async () => {
    const created = await createConnection(t, { ...body(), password: 'dapi-wrong' });
    const failed = await waitForSchema(t, created.id);
    expect(failed).toMatchObject({
      schemaStatus: 'failed',
      schemaMessage: 'The access token was rejected',
    });
  });
});
