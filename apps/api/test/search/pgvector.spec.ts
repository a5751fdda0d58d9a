import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/database';
import { applyMigrations } from '../../src/db/migrate';
import { HashingEmbedder } from '../../src/catalog/embeddings/hashing-embedder';
import type { CatalogDocument } from '../../src/catalog/index/catalog-documents';
import { CatalogIndexRepository } from '../../src/catalog/index/catalog-index.repository';
import { CatalogSearchRepository } from '../../src/catalog/index/catalog-search.repository';
import type { IndexVersions } from '../../src/catalog/index/per-connection-cache';
import { PgvectorRepository } from '../../src/catalog/index/pgvector.repository';
import { VectorIndex } from '../../src/catalog/index/vector-index';
import { SearchPool } from '../../src/db/search-pool';
import { until } from '../support/until';

/**
 * An external DATABASE_URL with pgvector, played by PGlite (PostgreSQL 18 compiled to
 * WebAssembly, with pgvector 0.8) behind its PostgreSQL wire-protocol server: Debian ships no
 * pgvector for the server CI installs. Sluice's own migrations run on it, then its repositories.
 */
const MODEL = 'hashing:hashing-v1';
const DIMENSIONS = 64;
const WORDS = [
  'invoice',
  'customer',
  'payment',
  'shipment',
  'warehouse',
  'employee',
  'payroll',
  'product',
  'order',
  'refund',
  'ledger',
  'account',
  'region',
  'supplier',
  'contract',
  'ticket',
];
const embedder = new HashingEmbedder(DIMENSIONS);

/** Tables named from three of the words, with a comment of two more: a catalog to rank. */
function documents(prefix: string, count: number): CatalogDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const w = (k: number) => WORDS[(i * (k + 3) + k * k + Math.floor(i / 16)) % WORDS.length]!;
    const name = `${prefix}_${w(0)}_${w(1)}_${i}`;
    const text = `table dw.${name}: ${w(2)} ${w(3)}\nid bigint PK\n${w(1)}_id bigint ${w(4)}`;
    return {
      schemaName: 'dw',
      objectName: name,
      part: 0,
      text,
      contentHash: `h${i}`,
      nameWords: name,
      columnWords: 'id',
      commentWords: '',
      refs: [],
      sourceHash: null,
    };
  });
}

describe('catalog vectors in pgvector, when Sluice’s database has the extension', () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let pool: Pool;
  const [a, b] = ['6f1f6a8e-8d59-4c5e-9a53-1b2a3c4d5e6f', '0b7c9a12-3d4e-4f50-8a61-7b8c9d0e1f20'];
  const docsA = documents('a', 3_000);
  const docsB = documents('b', 300);
  const vectorsOf = (docs: CatalogDocument[]) =>
    docs.map((doc) => ({ doc, vector: embedder.vectorOf(doc.text) }));
  const search = (q: string, ids: string[] | null, limit: number) => {
    const pgvector = new PgvectorRepository(pool);
    const versions = {
      get: () =>
        Promise.resolve(
          new Map([
            [a, 1],
            [b, 1],
          ]),
        ),
    } as unknown as IndexVersions;
    const reads = new CatalogSearchRepository(pool, new SearchPool(pool));
    return new VectorIndex(reads, versions, pgvector).search(
      embedder.vectorOf(q),
      MODEL,
      ids,
      limit,
    );
  };
  /** The exact ranking, computed here from the vectors written. */
  const exact = (q: string, docs: CatalogDocument[], limit: number) => {
    const query = embedder.vectorOf(q);
    return vectorsOf(docs)
      .map(({ doc, vector: v }) => ({
        name: doc.objectName,
        s: v.reduce((t, x, j) => t + x * query[j]!, 0),
      }))
      .sort((x, y) => y.s - x.s)
      .slice(0, limit);
  };

  beforeAll(async () => {
    // Sluice's migrations create pg_trgm (an ES module only: imported, not required).
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    db = await PGlite.create({ extensions: { vector, pg_trgm } });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    pool = createPool(`postgres://postgres@${server.getServerConn()}/postgres`);
    await applyMigrations(pool);
    await pool.query(
      `insert into data_connections (id, name, db_type) values ($1, 'a', 'postgresql'), ($2, 'b', 'postgresql')`,
      [a, b],
    );
  }, 120_000);

  afterAll(async () => {
    if (pool && !pool.ended) await pool.end();
    await server?.stop();
    await db?.close();
  });

  it('without the extension, vectors are stored as bytes only and searched in memory', async () => {
    const pgvector = new PgvectorRepository(pool);
    expect(await pgvector.available()).toBe(false);
    const index = new CatalogIndexRepository(pool, pgvector);
    await index.upsert(a, docsA);
    await index.setVectors(a, MODEL, vectorsOf(docsA));
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from information_schema.columns where column_name = 'embedding'`,
    );
    expect(rows[0]!.n).toBe(0);
    const hits = await search('invoice customer payment', [a], 5);
    expect(hits.map((h) => h.objectName)).toEqual(
      exact('invoice customer payment', docsA, 5).map((x) => x.name),
    );
  });

  it('once an operator creates it, stored vectors are copied in and its HNSW index answers', async () => {
    await pool.query('create extension vector');
    const pgvector = new PgvectorRepository(pool);
    expect(await pgvector.available()).toBe(true);
    expect(await pgvector.backfill()).toBe(docsA.length);
    expect(await pgvector.backfill()).toBe(0);
    const index = new CatalogIndexRepository(pool, pgvector);
    await index.upsert(b, docsB);
    await index.setVectors(b, MODEL, vectorsOf(docsB));
    const { rows } = await pool.query<{ n: number }>(
      `select count(embedding)::int as n from catalog_documents where connection_id = any($1::uuid[])`,
      [[a, b]],
    );
    expect(rows[0]!.n).toBe(docsA.length + docsB.length);
    await pool.query('analyze catalog_documents');
    // The search's own statement, over every connection and narrowed to one.
    for (const ids of [null, [b]]) {
      const plan = await pgvector.plan(embedder.vectorOf('refund ledger'), MODEL, ids);
      expect(plan).toContain(`Index Scan using catalog_documents_embedding_${DIMENSIONS}_idx`);
    }
  });

  it('ranks as exact cosine does, within one connection among several', async () => {
    const questions = WORDS.flatMap((w, i) => [`${w} ${WORDS[(i + 5) % WORDS.length]}`, w]);
    let agreeing = 0;
    for (const q of questions) {
      const hits = await search(q, [b], 10);
      expect(hits).toHaveLength(10);
      expect(new Set(hits.map((h) => h.connectionId))).toEqual(new Set([b]));
      // The best similarity is the exact best (names may tie: they differ by a number only).
      expect(hits[0]!.similarity).toBeCloseTo(exact(q, docsB, 1)[0]!.s, 5);
      const truth = new Set(exact(q, docsB, 10).map((x) => x.name));
      agreeing += hits.filter((h) => truth.has(h.objectName)).length;
      expect(hits.map((h) => h.similarity)).toEqual(
        [...hits.map((h) => h.similarity)].sort((x, y) => y - x),
      );
    }
    // HNSW is approximate: at least 95% of the exact top 10, over 32 questions, though the
    // connection asked holds a tenth of the rows (the scan goes on past pgvector's first 40).
    expect(agreeing / (questions.length * 10)).toBeGreaterThanOrEqual(0.95);
    // Across every connection (null), each connection's own table is found.
    for (const [id, docs] of [
      [a, docsA],
      [b, docsB],
    ] as const)
      expect((await search(docs[3]!.text, null, 1))[0]).toMatchObject({
        connectionId: id,
        objectName: docs[3]!.objectName,
      });
  });

  it('a document whose content changed leaves the index until it is embedded again', async () => {
    const [first] = await search(docsB[7]!.text, [b], 1);
    expect(first?.objectName).toBe(docsB[7]!.objectName);
    const index = new CatalogIndexRepository(pool, new PgvectorRepository(pool));
    const changed = { ...docsB[7]!, text: `${docsB[7]!.text} x`, contentHash: 'changed' };
    await index.upsert(b, [changed]);
    const after = await search(docsB[7]!.text, [b], 10);
    expect(after.map((h) => h.objectName)).not.toContain(docsB[7]!.objectName);
    await index.setVectors(b, MODEL, vectorsOf([changed]));
    expect((await search(changed.text, [b], 1))[0]?.objectName).toBe(docsB[7]!.objectName);
  });

  it('gives every client back on success and failure, and leaves PGlite’s server no connection', async () => {
    const pgvector = new PgvectorRepository(pool);
    await pgvector.search(embedder.vectorOf('refund'), MODEL, [b], 5);
    // A failing search (not a uuid) rolls back and releases its client too.
    await expect(
      pgvector.search(embedder.vectorOf('refund'), MODEL, ['nope'], 5),
    ).rejects.toThrow();
    expect(await pgvector.backfill()).toBe(0);
    expect(pool.totalCount - pool.idleCount).toBe(0);
    const { rows } = await pool.query<{ reset: boolean }>(
      `select coalesce(current_setting('hnsw.iterative_scan', true), 'off') <> 'relaxed_order' as reset`,
    );
    expect(rows[0]!.reset).toBe(true); // the search's settings were its transaction's alone
    expect(server.getStats().activeConnections).toBeGreaterThan(0);
    await pool.end();
    await until(() => {
      if (server.getStats().activeConnections !== 0) throw new Error('still connected');
      return Promise.resolve();
    }, 5_000);
  });
});
