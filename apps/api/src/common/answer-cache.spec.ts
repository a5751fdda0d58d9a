import { describe, expect, it } from 'vitest';
import type { ChangeSource } from '../db/change-feed';
import { AnswerCache } from './answer-cache';

/** A change source a test drives by hand. */
function source(live = true) {
  const drops: { tables: readonly string[]; drop: () => void }[] = [];
  return {
    live,
    subscribe(tables: readonly string[], drop: () => void) {
      drops.push({ tables, drop });
    },
    change(table: string) {
      for (const d of drops) if (d.tables.includes(table)) d.drop();
    },
  } satisfies ChangeSource & Record<string, unknown>;
}

/** A load that counts its calls and answers with the call number. */
function counter() {
  let calls = 0;
  const load = () => Promise.resolve(++calls);
  return { load, calls: () => calls };
}

const options = { tables: ['t'], maxEntries: 3, ttlMs: 1_000 };

describe('AnswerCache', () => {
  it('keeps an answer by key until its table changes', async () => {
    const changes = source();
    const cache = new AnswerCache<number>(changes, options);
    const { load, calls } = counter();
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('b', load)).toBe(2);
    changes.change('other');
    expect(await cache.get('a', load)).toBe(1);
    changes.change('t');
    expect(await cache.get('a', load)).toBe(3);
    expect(calls()).toBe(3);
  });

  it('keeps nothing while the change feed is down', async () => {
    const changes = source(false);
    const cache = new AnswerCache<number>(changes, options);
    const { load } = counter();
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('gives callers asking at once one load', async () => {
    const cache = new AnswerCache<number>(source(), options);
    const { load, calls } = counter();
    const answers = await Promise.all([1, 2, 3, 4].map(() => cache.get('a', load)));
    expect(answers).toEqual([1, 1, 1, 1]);
    expect(calls()).toBe(1);
  });

  it('does not keep an answer loaded across a change, nor share it with later callers', async () => {
    const changes = source();
    const cache = new AnswerCache<string>(changes, options);
    let finish: (value: string) => void = () => undefined;
    const slow = cache.get('a', () => new Promise<string>((resolve) => (finish = resolve)));
    changes.change('t');
    const after = cache.get('a', () => Promise.resolve('new'));
    finish('old');
    expect(await slow).toBe('old');
    expect(await after).toBe('new');
    expect(await cache.get('a', () => Promise.resolve('unused'))).toBe('new');
  });

  it('does not keep a failed load', async () => {
    const cache = new AnswerCache<number>(source(), options);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', () => Promise.resolve(7))).toBe(7);
  });

  it('forgets the least recently used answer past maxEntries, and any answer past its ttl', async () => {
    let now = 0;
    const cache = new AnswerCache<number>(source(), { ...options, now: () => now });
    const { load, calls } = counter();
    for (const key of ['a', 'b', 'c']) await cache.get(key, load);
    await cache.get('a', load); // a is now the most recent
    await cache.get('d', load); // b goes
    expect(cache.size).toBe(3);
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('b', load)).toBe(5);
    expect(calls()).toBe(5);
    now = 1_001;
    expect(await cache.get('a', load)).toBe(6);
  });
});
