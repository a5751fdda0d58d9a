import { describe, expect, it } from 'vitest';
import { HammingCodes } from './hamming';

/** A seeded generator of 32-bit words, so that the codes are the same every run. */
function words(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed;
  };
}

/** The reference: a popcount in JavaScript, one bit at a time. */
function bits(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
  return n;
}

describe('Hamming distances counted in WebAssembly', () => {
  it.each([
    [1, 8],
    [7, 64],
    [1_000, 100],
    [2_500, 384],
    [300, 1_024],
  ])('match a bit-by-bit count for %i rows of %i dimensions', (rows, dimensions) => {
    const next = words(rows * 31 + dimensions);
    const table = new HammingCodes(rows, dimensions);
    expect(table.words % 4).toBe(0);
    const used = Math.ceil(dimensions / 32);
    // Only the dimensions' bits are set: the padding to 128 bits stays zero in rows and query.
    const mask = (w: number) =>
      w < used - 1 || dimensions % 32 === 0 ? 0xffffffff : 2 ** (dimensions % 32) - 1;
    for (let r = 0; r < rows; r++)
      for (let w = 0; w < used; w++) table.codes[r * table.words + w] = next() & mask(w);
    const query = new Uint32Array(table.words);
    for (let w = 0; w < used; w++) query[w] = next() & mask(w);
    const distance = table.distances(query);
    const expected = Array.from({ length: rows }, (_, r) => {
      let d = 0;
      for (let w = 0; w < table.words; w++)
        d += bits(table.codes[r * table.words + w]! ^ query[w]!);
      return d;
    });
    expect([...distance]).toEqual(expected);
    expect(Math.max(...expected)).toBeGreaterThan(0);
    expect(Math.max(...expected)).toBeLessThanOrEqual(dimensions);
  });

  it('counts a code against itself as 0 and its complement as every dimension', () => {
    const table = new HammingCodes(2, 64);
    // A row is padded to 128 bits, with zeros in row and query alike.
    table.codes.set([0x12345678, 0x9abcdef0], 0);
    table.codes.set([~0x12345678 >>> 0, ~0x9abcdef0 >>> 0], table.words);
    const query = new Uint32Array(table.words);
    query.set([0x12345678, 0x9abcdef0]);
    expect([...table.distances(query)]).toEqual([0, 64]);
  });

  it.each([
    [1_000, 384, 50],
    [5_000, 64, 400],
    [300, 8, 120],
  ])(
    'pick the %i rows of %i dimensions nearest a query, %i at most, ties by row number',
    (rows, dimensions, limit) => {
      const next = words(rows + limit);
      const table = new HammingCodes(rows, dimensions);
      const used = Math.ceil(dimensions / 32);
      const mask = dimensions % 32 === 0 ? 0xffffffff : 2 ** (dimensions % 32) - 1;
      const masked = (w: number, x: number) => (w === used - 1 ? x & mask : x);
      for (let r = 0; r < rows; r++)
        for (let w = 0; w < used; w++) table.codes[r * table.words + w] = masked(w, next());
      const query = new Uint32Array(table.words);
      for (let w = 0; w < used; w++) query[w] = masked(w, next());
      const distance = [...table.distances(query)];
      // The reference: every row by distance then row number, the first `limit`, in row order.
      const expected = distance
        .map((d, r) => ({ d, r }))
        .sort((a, b) => a.d - b.d || a.r - b.r)
        .slice(0, limit)
        .map(({ r }) => r)
        .sort((a, b) => a - b);
      const picked = [...table.nearest(query, limit)];
      expect(picked).toEqual(expected);
      expect(picked).toHaveLength(limit);
      // At 8 dimensions distances repeat: the limit falls among ties, which fill it up.
      const cut = Math.max(...picked.map((r) => distance[r]!));
      if (dimensions === 8) expect(distance.filter((d) => d <= cut).length).toBeGreaterThan(limit);
    },
  );

  it('picks every row when no more are asked than there are', () => {
    const table = new HammingCodes(3, 64);
    expect([...table.nearest(new Uint32Array(table.words), 3)]).toEqual([0, 1, 2]);
    expect([...table.nearest(new Uint32Array(table.words), 10)]).toEqual([0, 1, 2]);
  });

  it('holds no rows without failing', () => {
    const table = new HammingCodes(0, 384);
    expect(table.distances(new Uint32Array(table.words)).length).toBe(0);
  });
});
