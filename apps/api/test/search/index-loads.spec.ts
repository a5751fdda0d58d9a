import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSearchRepository } from '../../src/catalog/index/catalog-search.repository';
import { createPool } from '../../src/db/database';
import { SearchPool } from '../../src/db/search-pool';
import { createTestApp, type TestApp } from '../support/test-app';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ROWS = 2_000;

/**
 * An index load reads a connection's every document at once (100,000 rows at scale): once the
 * index holds what it needs, the rows must be garbage, even when the load opened a connection.
 */
describe("an index load's rows are not kept by the pool", () => {
  let t: TestApp;
  let id: string;
  const pools: Pool[] = [];

  /** Whether `read`'s rows outlive it, on a pool with no connection open yet. */
  const kept = async (read: (pool: Pool) => Promise<object[]>) => {
    const pool = createPool(t.config.databaseUrl!);
    pools.push(pool);
    const ref = await (async () => {
      const rows = await read(pool);
      expect(rows).toHaveLength(ROWS);
      return new WeakRef(rows);
    })();
    for (let i = 0; i < 3 && ref.deref(); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    // The connection the read opened stays open, idle in its pool.
    expect(pool.totalCount).toBe(1);
    return ref.deref() !== undefined;
  };

  beforeAll(async () => {
    t = await createTestApp({ SLUICE_ROLE: 'api' });
    const { rows } = await t.pool.query<{ id: string }>(
      `insert into data_connections (name, db_type) values ('loads', 'postgresql') returning id`,
    );
    id = rows[0]!.id;
    await t.pool.query(
      `insert into catalog_documents (connection_id, schema_name, object_name, part, content_hash, words, refs)
       select $1, 's', 't' || i, 0, 'h', to_tsvector('simple', 'invoice amount ' || i), '{}'
         from generate_series(1, $2) i`,
      [id, ROWS],
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await t.close();
  });

  it("drops the words' rows once read, though the read opened the connection", async () => {
    const read = (pool: Pool) => new CatalogSearchRepository(pool, new SearchPool(pool)).words(id);
    expect(await kept(read)).toBe(false);
  });

  it("is needed: pg's pool.query keeps the rows of a query that opened a connection", async () => {
    // If this starts failing, pg no longer keeps them and readRows can go back to pool.query.
    const read = async (pool: Pool) =>
      (
        await pool.query<{ object_name: string }>(
          'select object_name from catalog_documents where connection_id = $1',
          [id],
        )
      ).rows;
    expect(await kept(read)).toBe(true);
  });
});
