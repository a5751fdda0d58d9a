import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WordIndex } from '../../src/catalog/index/word-index';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A context's joins start from these: the tables a selection references and those referencing
 * it, from the foreign-key graph the word index builds from the same documents.
 */
describe('the foreign-key neighbours of a selection, from the index in memory', () => {
  let t: TestApp;
  let id: string;
  const doc = (schema: string, name: string, refs: string[], part = 0) =>
    t.pool.query(
      `insert into catalog_documents (connection_id, schema_name, object_name, part, content_hash, words, refs)
       values ($1, $2, $3, $4, 'h', to_tsvector('simple', $3), $5)`,
      [id, schema, name, part, refs],
    );
  const neighbours = async (schemaName: string, objectName: string) => {
    const found = await t.app
      .get(WordIndex)
      .neighbours(id, [{ connectionId: id, schemaName, objectName }]);
    return found.map((n) => [`${n.schemaName}|${n.objectName}`, n.name, n.refs]);
  };

  beforeAll(async () => {
    t = await createTestApp({ SLUICE_ROLE: 'api' });
    const { rows } = await t.pool.query<{ id: string }>(
      `insert into data_connections (name, db_type) values ('neighbours', 'postgresql') returning id`,
    );
    id = rows[0]!.id;
    await doc('sales', 'orders', ['sales.customers', 'eu.ops.depot.stock', 'gone.table']);
    await doc('sales', 'orders', ['never.read'], 1); // a second part: its refs are not the table's
    await doc('sales', 'customers', []);
    await doc('eu.ops', 'depot.stock', ['eu.ops.depots']); // dots in schema and name
    await doc('eu', 'ops.depot.stock', []); // the same text split elsewhere: also a match
    await doc('eu.ops', 'depots', []);
    await doc('billing', 'invoices', ['sales.orders']); // references the selection
    await doc('billing', 'payments', ['billing.invoices']); // two steps away: not a neighbour
    await doc('never', 'read', []);
    await t.pool.query(
      `insert into catalog_index_status (connection_id, state, version) values ($1, 'ready', 1)`,
      [id],
    );
  });
  afterAll(() => t.close());

  it('finds the selection, what it references (at every dot), then what references it, each with its refs', async () => {
    expect(await neighbours('sales', 'orders')).toEqual([
      // A reference to a table the index does not have (gone.table) joins nothing.
      ['sales|orders', 'sales.orders', ['sales.customers', 'eu.ops.depot.stock']],
      ['sales|customers', 'sales.customers', []],
      ['eu|ops.depot.stock', 'eu.ops.depot.stock', []],
      ['eu.ops|depot.stock', 'eu.ops.depot.stock', ['eu.ops.depots']],
      ['billing|invoices', 'billing.invoices', ['sales.orders']],
    ]);
  });

  it('finds a referencing table from the table it references', async () => {
    expect(await neighbours('eu.ops', 'depots')).toEqual([
      ['eu.ops|depots', 'eu.ops.depots', []],
      ['eu.ops|depot.stock', 'eu.ops.depot.stock', ['eu.ops.depots']],
    ]);
  });

  it('finds nothing for a table the index does not have', async () => {
    expect(await neighbours('nowhere', 'x')).toEqual([]);
  });
});
