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
    // codes (8 bytes a row), query and distances.
    const pages = (bytes: number) => Math.ceil(bytes / 65_536) * 65_536;
    const floats = pages(ROWS * DIMENSIONS * 4 + DIMENSIONS * 4 + ROWS * 8);
    expect(index.bytes).toBe(floats + pages(ROWS * 8 + 8 + ROWS * 2));
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
});
