import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  catalogOf,
  changesOf,
  createConnection,
  names,
  postgresCatalogTarget,
  syncAndWait,
  waitForSchema,
} from '../support/schema-sync';

const WAREHOUSE = `
create schema dw;
create table dw.customers (id int primary key, name text);
create table dw.invoices (id int primary key, customer_id int references dw.customers(id), amount numeric);
create table dw.stock (sku text primary key, qty int);
create table dw.legacy (id int, note text);
comment on column dw.legacy.note is 'free text from the old system';
create table dw.untouched (id int primary key, label text);
`;

/**
 * A re-sync rewrites only what changed: a table read as it was stored keeps its row (its row
 * estimate is updated in place), a changed one is rewritten under its id, a dropped one goes with
 * its columns, and the diff still says what changed.
 */
describe('a re-sync writes only what changed', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;
  let id: string;

  beforeAll(async () => {
    target = await postgresCatalogTarget(WAREHOUSE);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
    id = (await createConnection(t, target.body)).id;
    const ready = await waitForSchema(t, id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
  }, 60_000);
  afterAll(() => t.close());

  /** Each stored object's id, the transaction that wrote its row, and its row estimate. */
  const rowsOf = async () => {
    const { rows } = await t.pool.query<{
      name: string;
      id: string;
      xmin: string;
      estimate: string | null;
    }>(
      `select name, id, xmin::text, row_estimate::text as estimate
         from catalog_objects where connection_id = $1`,
      [id],
    );
    return new Map(rows.map((r) => [r.name, r]));
  };
  const columnsOf = async (objectId: string) =>
    (
      await t.pool.query<{ name: string }>(
        'select name from catalog_columns where object_id = $1 order by ordinal',
        [objectId],
      )
    ).rows.map((r) => r.name);

  it('keeps unchanged tables, rewrites changed ones under their id, removes dropped ones with their columns', async () => {
    const before = await rowsOf();
    await target.run(`
      alter table dw.invoices add column due_on date;
      comment on table dw.customers is 'People who pay us';
      drop table dw.legacy;
      create table dw.shipments (id int primary key, invoice_id int references dw.invoices(id));
      insert into dw.stock select 'sku-' || i, i from generate_series(1, 500) i;
      analyze dw.stock;
    `);
    const ready = await syncAndWait(t, id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const after = await rowsOf();

    // Read as stored: the very row written by the first sync.
    expect(after.get('untouched')).toEqual(before.get('untouched'));
    // Only the row estimate changed: updated in place, same id.
    expect(after.get('stock')!.id).toBe(before.get('stock')!.id);
    expect(after.get('stock')!.estimate).toBe('500');
    // Changed: rewritten, under the same id, with the new column and comment.
    for (const table of ['invoices', 'customers']) {
      expect(after.get(table)!.id).toBe(before.get(table)!.id);
      expect(after.get(table)!.xmin).not.toBe(before.get(table)!.xmin);
    }
    expect(await columnsOf(after.get('invoices')!.id)).toEqual([
      'id',
      'customer_id',
      'amount',
      'due_on',
    ]);
    // Dropped: its row and its columns are gone.
    expect(after.has('legacy')).toBe(false);
    expect(await columnsOf(before.get('legacy')!.id)).toEqual([]);
    expect(after.has('shipments')).toBe(true);

    const catalog = await catalogOf(t, id);
    expect(names(catalog)).toEqual([
      'dw.customers',
      'dw.invoices',
      'dw.shipments',
      'dw.stock',
      'dw.untouched',
    ]);
    expect(catalog.find((o) => o.name === 'customers')?.comment).toBe('People who pay us');
    const [change] = await changesOf(t, id);
    expect(change).toMatchObject({
      tablesAdded: ['dw.shipments'],
      tablesRemoved: ['dw.legacy'],
      columnsAdded: [
        { table: 'dw.invoices', column: 'due_on', dataType: 'date', previousDataType: null },
      ],
      columnsRemoved: [],
      columnsChanged: [],
    });
  });

  it('a re-sync of an unchanged schema rewrites no row and records no change', async () => {
    const before = await rowsOf();
    const changes = (await changesOf(t, id)).length;
    const ready = await syncAndWait(t, id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(await rowsOf()).toEqual(before);
    expect(await changesOf(t, id)).toHaveLength(changes);
  });

  it('leaves no pending entries in the search indexes once a sync committed', async () => {
    await t.pool.query('create extension if not exists pgstattuple');
    await target.run(`comment on column dw.untouched.label is 'shown on the shelf tag'`);
    expect((await syncAndWait(t, id)).schemaStatus).toBe('ready');
    const { rows } = await t.pool.query<{ index: string; pending: number }>(
      `select i as index, (pgstatginindex(i::regclass)).pending_pages as pending
         from unnest(array['catalog_objects_name_trgm_idx', 'catalog_objects_comment_fts_idx',
                           'catalog_columns_comment_fts_idx']) as i`,
    );
    expect(rows).toEqual(rows.map((r) => ({ index: r.index, pending: 0 })));
    const search = await t.request('GET', '/api/catalog/search?q=shelf', {
      token: await t.adminToken(),
    });
    expect(search.json<{ data: { columnName: string | null }[] }>().data).toEqual([
      expect.objectContaining({ columnName: 'label' }),
    ]);
  });

  it('deleting the connection deletes its catalog, columns included', async () => {
    const res = await t.request('DELETE', `/api/connections/${id}`, {
      token: await t.adminToken(),
    });
    expect(res.status, res.body).toBe(204);
    const { rows } = await t.pool.query<{ objects: number; columns: number }>(
      `select (select count(*)::int from catalog_objects where connection_id = $1) as objects,
              (select count(*)::int from catalog_columns where connection_id = $1) as columns`,
      [id],
    );
    expect(rows[0]).toEqual({ objects: 0, columns: 0 });
  });
});
