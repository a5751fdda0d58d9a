import { describe, expect, it } from 'vitest';
import { seek } from './postings';
import { kthHighest, topK } from './top-k';

/** A deterministic pseudo-random sequence (tests repeat exactly). */
function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('selecting the best scores', () => {
  it('finds the k-th highest score as a full sort does, ties included', () => {
    const next = random(3);
    for (const size of [1, 7, 100, 2_000]) {
      // Few distinct scores: most of them tie.
      const score = Float32Array.from({ length: size }, () => Math.floor(next() * 9) / 4);
      const candidates = Array.from({ length: size }, (_, i) => i).reverse();
      const sorted = [...score].sort((a, b) => b - a);
      for (const k of [1, 5, size].filter((k) => k <= size)) {
        expect(kthHighest(candidates, score, k), `${size}, ${k}`).toBe(sorted[k - 1]);
        expect(score[topK(candidates, score, k)[k - 1]!]).toBe(sorted[k - 1]);
      }
    }
  });
});

describe('seeking in an ascending posting list', () => {
  it('finds the first position at or after a table, as reading the list does', () => {
    const next = random(5);
    const table = new Uint32Array(500);
    for (let p = 1; p < table.length; p++) table[p] = table[p - 1]! + 1 + Math.floor(next() * 5);
    for (let from = 0; from < table.length; from += 37)
      for (let t = 0; t <= table[table.length - 1]! + 2; t += 3) {
        let expected = from;
        while (expected < table.length && table[expected]! < t) expected++;
        expect(seek(table, from, table.length, t)).toBe(expected);
      }
    expect(seek(table, 10, 10, 5)).toBe(10);
  });
});
