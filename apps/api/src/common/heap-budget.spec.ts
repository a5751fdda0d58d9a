import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapBudget } from './heap-budget';

const used = () => getHeapStatistics().used_heap_size / 1024 / 1024;

/** Garbage the way a written batch is: many small objects, dropped once used. */
function churn(mb: number): number {
  let kept = 0;
  for (let i = 0; i < mb * 4; i++) {
    const batch = Array.from({ length: 2_000 }, (_, n) => ({ name: `column_${n}`, ordinal: n }));
    kept += batch.length;
  }
  return kept;
}

describe('HeapBudget', () => {
  it('leaves a heap under its budget alone', () => {
    expect(new HeapBudget(used() + 512).reclaim()).toBe(false);
  });

  it('collects a heap past its budget, then waits for it to grow past what was live', () => {
    const budget = new HeapBudget(1);
    churn(64);
    const before = used();
    expect(budget.reclaim()).toBe(true);
    const after = used();
    expect(after).toBeLessThan(before);
    // What is live now is the process's own: not collected again until the heap grows half again.
    expect(budget.reclaim()).toBe(false);
    // Live data past half again what was live: collected (and kept, being live).
    const live: { name: string; ordinal: number }[][] = [];
    while (used() < after * 1.6)
      live.push(Array.from({ length: 2_000 }, (_, n) => ({ name: `kept_${n}`, ordinal: n })));
    expect(budget.reclaim()).toBe(true);
    expect(used()).toBeGreaterThan(after * 1.4);
    expect(live.length).toBeGreaterThan(0);
  });
});
