import { describe, expect, it } from 'vitest';
import { PerConnectionCache, type IndexVersions } from './per-connection-cache';

describe('the per-connection cache', () => {
  it('loads once, keeps until the version moves, and answers from the old value while the new one loads', async () => {
    const versions = new Map([['c1', 1]]);
    const cache = new PerConnectionCache<{ key: string; bytes: number }>(
      { get: () => Promise.resolve(versions) } as unknown as IndexVersions,
      1_000,
    );
    const loads: string[] = [];
    let release = () => undefined as void;
    const load = (id: string, key: string) => {
      loads.push(key);
      return key === '2:m'
        ? new Promise<{ key: string; bytes: number }>((resolve) => {
            release = () => resolve({ key, bytes: 10 });
          })
        : Promise.resolve({ key, bytes: 10 });
    };
    const keyOf = (version: number) => `${version}:m`;
    const value = async () => (await cache.each(['c1'], keyOf, load))[0]!.value.key;

    expect(await Promise.all([value(), value()])).toEqual(['1:m', '1:m']);
    expect(loads).toEqual(['1:m']);
    versions.set('c1', 2);
    expect(await value()).toBe('1:m');
    expect(await value()).toBe('1:m');
    expect(loads).toEqual(['1:m', '2:m']);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(await value()).toBe('2:m');
    // Another model is never answered by this one's values: it waits for its own.
    expect((await cache.each(['c1'], (v) => `${v}:other`, load))[0]!.value.key).toBe('2:other');
    expect(await cache.each(['c9'], keyOf, load)).toEqual([]);
  });
});
