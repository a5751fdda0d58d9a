import { describe, expect, it } from 'vitest';
import { VectorRows } from './dot-products';

/** A seeded generator, so that the vectors (and the test) are the same every run. */
function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
}

/** JavaScript's loop: float32 products summed in float64, the sum rounded to float32. */
function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j]! * b[j]!;
  return Math.fround(sum);
}

describe('dot products in WebAssembly', () => {
  for (const dimensions of [384, 7, 1]) {
    it(`give the same float32 as JavaScript's loop, ${dimensions} dimensions`, () => {
      const next = random(dimensions);
      const vectors = new VectorRows(300, dimensions);
      for (let r = 0; r < 300; r++)
        vectors.row(r).set(Float32Array.from({ length: dimensions }, next));
      const query = Float32Array.from({ length: dimensions }, next);
      // Any order, a row twice, the last row (whose padding ends the floats).
      const picked = Uint32Array.from([299, 0, 17, 17, 150, 3]);
      const scores = [...vectors.scores(query, picked)];
      expect(scores).toEqual([...picked].map((r) => dot(vectors.row(r), query)));
      expect(scores.every((s) => s !== 0)).toBe(true);
      expect(vectors.stride % 4).toBe(0);
      expect(vectors.stride).toBeGreaterThanOrEqual(dimensions);
    });
  }

  it('scores every row at once, and nothing for no rows', () => {
    const vectors = new VectorRows(3, 4);
    vectors.row(0).set([1, 0, 0, 0]);
    vectors.row(1).set([0, 2, 0, 0]);
    vectors.row(2).set([1, 1, 1, 1]);
    const query = Float32Array.from([3, 5, 7, 11]);
    expect([...vectors.scores(query, Uint32Array.from([0, 1, 2]))]).toEqual([3, 10, 26]);
    expect(vectors.scores(query, new Uint32Array(0))).toHaveLength(0);
  });
});
