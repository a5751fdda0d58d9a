import { describe, expect, it } from 'vitest';
import { normalize } from '../embeddings/embedding-provider';
import type { CatalogSearchRepository } from './catalog-search.repository';
import type { IndexVersions } from './per-connection-cache';
import type { PgvectorRepository } from './pgvector.repository';
import { VectorIndex } from './vector-index';

/** A seeded generator, so that the vectors (and the test) are the same every run. */
function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
}

const DIMENSIONS = 64;
const ROWS = 5_000;

function vectors() {
  const next = random(42);
  return Array.from({ length: ROWS }, (_, i) => {
    const v = normalize(Float32Array.from({ length: DIMENSIONS }, next));
    return { s: 'dw', o: `t${i}`, v: Buffer.from(v.buffer) };
  });
}

describe('the vector index', () => {
  const rows = vectors();
  const repository = {
    vectors: () => Promise.resolve(rows),
  } as unknown as CatalogSearchRepository;
  const versions = { get: () => Promise.resolve(new Map([['c1', 3]])) } as unknown as IndexVersions;
  // The embedded PostgreSQL has no pgvector: the in-memory matrix answers (pgvector.spec has it).
  const noPgvector = { serves: () => Promise.resolve(false) } as unknown as PgvectorRepository;

  it('finds the nearest tables of 5,000 through the binary pass, ranked by exact cosine', async () => {
    const index = new VectorIndex(repository, versions, noPgvector);
    const next = random(7);
    let found = 0;
    for (let i = 0; i < 50; i++) {
      const target = (i * 97) % ROWS;
      const stored = new Float32Array(rows[target]!.v.buffer.slice(0));
      const query = normalize(stored.map((x) => x + next() * 0.05));
      const [best] = await index.search(query, 'm', ['c1'], 5);
      if (best?.objectName === `t${target}`) found += 1;
    }
    expect(found).toBe(50);
    // In WebAssembly pages: the floats, query, picked rows and scores (8 bytes a row), and the
    // codes (8 bytes a row), query, distances (padded to 4 bytes), histogram and picked rows;
    // then the tables' names (one schema, 5,000 names, schema numbers in a Uint32Array of 8,192).
    const pages = (bytes: number) => Math.ceil(bytes / 65_536) * 65_536;
    const floats = pages(ROWS * DIMENSIONS * 4 + DIMENSIONS * 4 + ROWS * 8);
    const codeBits = 64 * Math.ceil(DIMENSIONS / 64);
    const histogram = (codeBits + 1) * 4;
    expect(index.bytes).toBe(
      floats +
        pages(
          ROWS * (codeBits / 8) + codeBits / 8 + Math.ceil(ROWS / 2) * 4 + histogram + ROWS * 4,
        ) +
        (ROWS + 1) * 48 +
        8_192 * 4,
    );
  });

  it('answers best first with similarities, and nothing for another model’s size', async () => {
    const index = new VectorIndex(repository, versions, noPgvector);
    const query = new Float32Array(rows[10]!.v.buffer.slice(0));
    const hits = await index.search(query, 'm', null, 3);
    expect(hits[0]).toMatchObject({ connectionId: 'c1', objectName: 't10' });
    expect(hits[0]!.similarity).toBeCloseTo(1, 5);
    expect(hits.map((h) => h.similarity)).toEqual(
      [...hits.map((h) => h.similarity)].sort((a, b) => b - a),
    );
    expect(await index.search(new Float32Array(8), 'm', null, 3)).toEqual([]);
  });

  it("ranks a table by its best part, equal scores by the catalog's order", async () => {
    // 300 rows (every one a candidate): 100 tables of three parts, and many equal vectors.
    const next = random(11);
    const distinct = Array.from({ length: 40 }, () =>
      normalize(Float32Array.from({ length: DIMENSIONS }, next)),
    );
    const parts = Array.from({ length: 300 }, (_, i) => {
      const v = distinct[(i * 7) % distinct.length]!;
      return { s: 'dw', o: `t${i % 100}`, v: Buffer.from(v.slice().buffer) };
    });
    const index = new VectorIndex(
      { vectors: () => Promise.resolve(parts) } as unknown as CatalogSearchRepository,
      versions,
      noPgvector,
    );
    const query = distinct[3]!;
    const dot = (v: Buffer) => {
      const f = new Float32Array(v.buffer, v.byteOffset, DIMENSIONS);
      let sum = 0;
      for (let j = 0; j < DIMENSIONS; j++) sum += f[j]! * query[j]!;
      return Math.fround(sum);
    };
    // Tables are numbered as their rows first come: t0 … t99.
    const bestOf = new Map<string, number>();
    for (const p of parts) bestOf.set(p.o, Math.max(bestOf.get(p.o) ?? -Infinity, dot(p.v)));
    const expected = [...bestOf]
      .sort((a, b) => b[1] - a[1] || Number(a[0].slice(1)) - Number(b[0].slice(1)))
      .slice(0, 12)
      .map(([o, similarity]) => ({ o, similarity }));
    const hits = await index.search(query, 'm', ['c1'], 12);
    expect(hits.map((h) => ({ o: h.objectName, similarity: h.similarity }))).toEqual(expected);
    // Ties are there to be broken: several tables share the best score.
    expect(expected.filter((e) => e.similarity === expected[0]!.similarity).length).toBeGreaterThan(
      1,
    );
  });
});
