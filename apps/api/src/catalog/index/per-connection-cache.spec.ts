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
    // Each value says what it was loaded for: the version at the time, and the family.
    const loadFor = (family: string) => (id: string) => {
      const key = `${versions.get(id)}:${family}`;
      loads.push(key);
      return key === '2:m'
        ? new Promise<{ key: string; bytes: number }>((resolve) => {
            release = () => resolve({ key, bytes: 10 });
          })
        : Promise.resolve({ key, bytes: 10 });
    };
    const value = async () => (await cache.each(['c1'], 'm', loadFor('m')))[0]!.value.key;

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
    expect((await cache.each(['c1'], 'other', loadFor('other')))[0]!.value.key).toBe('2:other');
    expect(await cache.each(['c9'], 'm', loadFor('m'))).toEqual([]);
  });
});
