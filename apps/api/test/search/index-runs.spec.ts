import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogRepository } from '../../src/catalog/catalog.repository';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  createConnection,
  eventually,
  postgresCatalogTarget,
  syncAndWait,
  waitForSchema,
} from '../support/schema-sync';

const SHOP = `
create schema shop;
create table shop.customers (id int primary key, email text, card_number text);
create table shop.orders (id int primary key, customer_id int references shop.customers(id), total numeric);
create table shop.stock (sku text primary key, qty int);
`;

/**
 * The index run after a sync reads only the tables whose documents would change: a table made
 * from the same catalog content and the same hidden columns keeps its documents untouched.
 */
describe('catalog index runs read only the tables that changed', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;
  let id: string;
  let read: string[][];

  const version = async () =>
    (
      await t.pool.query<{ v: number }>(
        `select version as v from catalog_index_status where connection_id = $1 and state = 'ready'`,
        [id],
      )
    ).rows[0]?.v ?? -1;
  /** Waits for the index run after `before` to end. */
  const indexedAfter = (before: number) =>
    eventually(async () => ((await version()) > before ? true : undefined), 'the index run');
  const documents = async () =>
    (
      await t.pool.query<{ table: string; updated: string; words: string }>(
        `select object_name as table, updated_at::text as updated, words::text as words
           from catalog_documents where connection_id = $1 order by object_name, part`,
        [id],
      )
    ).rows;

  beforeAll(async () => {
    target = await postgresCatalogTarget(SHOP);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
    const catalog = t.app.get(CatalogRepository);
    const findObjects = catalog.findObjects.bind(catalog);
    read = [];
    vi.spyOn(catalog, 'findObjects').mockImplementation(async (connectionId, names) => {
      read.push(names.map((n) => `${n.schemaName}.${n.objectName}`));
      return findObjects(connectionId, names);
    });
    id = (await createConnection(t, target.body)).id;
    expect((await waitForSchema(t, id)).schemaStatus).toBe('ready');
    await indexedAfter(-1);
  }, 60_000);
  afterAll(() => t.close());

  it('indexes every table after the first sync', () => {
    expect(read.flat().sort()).toEqual(['shop.customers', 'shop.orders', 'shop.stock']);
  });

  it('reads no table after a re-sync that changed nothing, and leaves every document as it was', async () => {
    const before = await documents();
    const v = await version();
    read.length = 0;
    expect((await syncAndWait(t, id)).schemaStatus).toBe('ready');
    await indexedAfter(v);
    expect(read.flat()).toEqual([]);
    expect(await documents()).toEqual(before);
  });

  it('reads only the table a re-sync changed', async () => {
    const before = await documents();
    const v = await version();
    read.length = 0;
    await target.run('alter table shop.stock add column warehouse text');
    expect((await syncAndWait(t, id)).schemaStatus).toBe('ready');
    await indexedAfter(v);
    expect(read.flat()).toEqual(['shop.stock']);
    const after = await documents();
    expect(after.find((d) => d.table === 'stock')?.words).toContain('warehouse');
    expect(after.filter((d) => d.table !== 'stock')).toEqual(
      before.filter((d) => d.table !== 'stock'),
    );
  });

  it('reads only the table whose column was hidden, and leaves the column out of its words', async () => {
    const v = await version();
    read.length = 0;
    const tag = await t.request('PUT', `/api/connections/${id}/schema/tags`, {
      token: await t.adminToken(),
      body: { schema: 'shop', table: 'customers', column: 'card_number', tag: 'hidden' },
    });
    expect(tag.status, tag.body).toBe(200);
    await indexedAfter(v);
    expect(read.flat()).toEqual(['shop.customers']);
    const customers = (await documents()).find((d) => d.table === 'customers');
    expect(customers?.words).toContain('email');
    expect(customers?.words).not.toContain('card');
  });
});
