import { describe, expect, it } from 'vitest';
import { foreignKeysOf, neighboursOf, tableNumber } from './foreign-keys';
import { numberTables } from './table-names';

/** Tables named `s.o` (split at the first dot), and a graph of their references. */
function graph(names: string[], refs: Record<string, string[]>) {
  const { names: tables, numberOf, find } = numberTables();
  for (const n of names) numberOf(n.slice(0, n.indexOf('.')), n.slice(n.indexOf('.') + 1));
  const byTable = new Map(Object.entries(refs).map(([n, r]) => [names.indexOf(n), r]));
  const keys = foreignKeysOf(tables, byTable, find);
  return { tables, keys };
}

describe('a connection’s foreign keys in memory', () => {
  it('finds a table by name, whatever the order the tables came in', () => {
    const names = ['z.a', 'a.z', 'a.b', 'A.b', 'a.b_c', 'a.b.c'];
    const { tables, keys } = graph(names, {});
    names.forEach((n, i) => {
      const found = tableNumber(tables, keys, tables.schemaName(i), tables.objectName(i));
      expect(found, n).toBe(i);
      expect(tables.qualified(i)).toBe(n);
    });
    expect(tableNumber(tables, keys, 'a', 'c')).toBeUndefined();
    expect(tableNumber(tables, keys, 'zz', 'a')).toBeUndefined();
  });

  it('keeps at most 500 tables each way around a table everything references', () => {
    const names = ['s.hub', 's.owner', ...Array.from({ length: 1_200 }, (_, i) => `s.t${i}`)];
    const refs: Record<string, string[]> = { 's.hub': ['s.owner'] };
    for (const n of names.slice(2)) refs[n] = ['s.hub'];
    const { tables, keys } = graph(names, refs);
    const found = neighboursOf(tables, keys, [0]);
    expect(found[0]).toEqual({
      name: 's.hub',
      refs: ['s.owner'],
      schemaName: 's',
      objectName: 'hub',
    });
    expect(found[1]?.objectName).toBe('owner');
    expect(found).toHaveLength(2 + 500);
    expect(found.slice(2).every((n) => n.refs[0] === 's.hub')).toBe(true);
    expect(new Set(found.map((n) => n.objectName)).size).toBe(found.length);
  });

  it('lists a table once when it both references and is referenced by the selection', () => {
    const { tables, keys } = graph(['s.a', 's.b'], { 's.a': ['s.b', 's.a'], 's.b': ['s.a'] });
    expect(neighboursOf(tables, keys, [0]).map((n) => [n.name, n.refs])).toEqual([
      ['s.a', ['s.b', 's.a']],
      ['s.b', ['s.a']],
    ]);
  });
});
