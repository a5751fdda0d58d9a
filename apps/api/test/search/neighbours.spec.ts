import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSearchRepository } from '../../src/catalog/index/catalog-search.repository';
import { createTestApp, type TestApp } from '../support/test-app';

/** A context's joins start from these: the tables a selection references and those referencing it. */
describe('the foreign-key neighbours of a selection, in one statement', () => {
  let t: TestApp;
  let id: string;
  const doc = (schema: string, name: string, refs: string[], part = 0) =>
    t.pool.query(
      `insert into catalog_documents (connection_id, schema_name, object_name, part, content_hash, words, refs)
       values ($1, $2, $3, $4, 'h', to_tsvector('simple', $3), $5)`,
      [id, schema, name, part, refs],
    );

  beforeAll(async () => {
    t = await createTestApp({ SLUICE_ROLE: 'api' });
    const { rows } = await t.pool.query<{ id: string }>(
      `insert into data_connections (name, db_type) values ('neighbours', 'postgresql') returning id`,
    );
    id = rows[0]!.id;
    await doc('sales', 'orders', ['sales.customers', 'eu.ops.depot.stock']);
    await doc('sales', 'orders', ['never.read'], 1); // a second part: its refs are not the table's
    await doc('sales', 'customers', []);
    await doc('eu.ops', 'depot.stock', ['eu.ops.depots']); // dots in schema and name
    await doc('eu', 'ops.depot.stock', []); // the same text split elsewhere: also a match
    await doc('billing', 'invoices', ['sales.orders']); // references the selection
    await doc('billing', 'payments', ['billing.invoices']); // two steps away: not a neighbour
    await doc('never', 'read', []);
  });
  afterAll(() => t.close());

  it('finds what the selection references (at every dot) and what references it, each with its refs', async () => {
    const found = await t.app
      .get(CatalogSearchRepository)
      .neighbours(id, [{ connectionId: id, schemaName: 'sales', objectName: 'orders' }]);
    const byName = Object.fromEntries(
      found.map((n) => [`${n.schemaName}|${n.objectName}`, n.refs]),
    );
    expect(byName).toEqual({
      'sales|orders': ['sales.customers', 'eu.ops.depot.stock'],
      'sales|customers': [],
      'eu.ops|depot.stock': ['eu.ops.depots'],
      'eu|ops.depot.stock': [],
      'billing|invoices': ['sales.orders'],
    });
    expect(found.find((n) => n.objectName === 'depot.stock')?.name).toBe('eu.ops.depot.stock');
  });

  it('finds nothing for a table the index does not have', async () => {
    const found = await t.app
      .get(CatalogSearchRepository)
      .neighbours(id, [{ connectionId: id, schemaName: 'nowhere', objectName: 'x' }]);
    expect(found).toEqual([]);
  });
});
