import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogSearchHit } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { createConnection, postgresCatalogTarget } from '../support/schema-sync';
import { until } from '../support/until';

/** Tables that only the word index finds for "orders invoices" (no name holds both words). */
const WAREHOUSE = `
create schema shop;
create table shop.orders (id int primary key, placed_at timestamptz);
comment on table shop.orders is 'What customers bought';
create table shop.invoices (id int primary key, order_id int references shop.orders (id));
create view shop.open_orders as select id from shop.orders;
`;

/**
 * A table that words found is shown from memory (TableDirectory), not read again: its kind,
 * comment and connection must still be those of the catalog as it is now.
 */
describe('search hits of tables found by words', () => {
  let t: TestApp;
  let token: string;
  let connectionId: string;
  const search = async (q: string) => {
    const res = await t.request(
      'GET',
      `/api/catalog/search?q=${encodeURIComponent(q)}&mode=lexical&connectionId=${connectionId}`,
      { token },
    );
    expect(res.status, res.body).toBe(200);
    return res.json<{ data: CatalogSearchHit[] }>().data;
  };
  const hitOf = (hits: CatalogSearchHit[], name: string) =>
    hits.find((h) => h.objectName === name && h.columnName === null);

  beforeAll(async () => {
    const target = await postgresCatalogTarget(WAREHOUSE);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
    token = await t.adminToken();
    connectionId = (await createConnection(t, { ...target.body, name: 'Shop' })).id;
    // The index run after the sync gives the words.
    await until(
      async () => expect(hitOf(await search('orders invoices'), 'invoices')).toBeDefined(),
      20_000,
    );
  });
  afterAll(() => t.close());

  it('shows kind, comment and connection as the catalog has them', async () => {
    const hits = await search('orders invoices');
    expect(hitOf(hits, 'orders')).toMatchObject({
      connectionName: 'Shop',
      dbType: 'postgresql',
      schemaName: 'shop',
      objectKind: 'table',
      comment: 'What customers bought',
    });
    expect(hitOf(hits, 'orders')?.reasons).toContain('name');
    expect(hitOf(hits, 'open_orders')).toMatchObject({ objectKind: 'view', comment: null });
  });

  it("follows a connection's new name at once", async () => {
    const renamed = await t.request('PATCH', `/api/connections/${connectionId}`, {
      token,
      body: { name: 'Shop (EU)' },
    });
    expect(renamed.status, renamed.body).toBe(200);
    await until(async () => {
      const hit = hitOf(await search('orders invoices'), 'invoices');
      expect(hit?.connectionName).toBe('Shop (EU)');
    }, 5_000);
  });

  it('leaves out a table a sync removed, and shows a new comment, before the index run', async () => {
    // What a sync commits, in one transaction, with no index run after it: the word index
    // (whose version has not moved) still finds both tables.
    const client = await t.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `delete from catalog_objects where connection_id = $1 and schema_name = 'shop' and name = 'invoices'`,
        [connectionId],
      );
      await client.query(
        `update catalog_objects set comment = 'Orders placed' where connection_id = $1 and name = 'orders'`,
        [connectionId],
      );
      await client.query('update data_connections set schema_ingested_at = now() where id = $1', [
        connectionId,
      ]);
      await client.query('commit');
    } finally {
      client.release();
    }
    await until(async () => {
      const hits = await search('orders invoices');
      expect(hits.map((h) => h.objectName)).not.toContain('invoices');
      expect(hitOf(hits, 'orders')?.comment).toBe('Orders placed');
      expect(hitOf(hits, 'open_orders')).toMatchObject({ objectKind: 'view' });
    }, 5_000);
    // The word index still holds the removed table: it is the directory that left it out.
    const words = await t.pool.query(
      `select 1 from catalog_documents where connection_id = $1 and object_name = 'invoices'`,
      [connectionId],
    );
    expect(words.rowCount).toBe(1);
  });
});
