import { describe, expect, it } from 'vitest';
import { numberTables } from './table-names';

describe('a connection’s numbered tables', () => {
  it('numbers tables as they come, a table in several parts once, and finds them by name', () => {
    const { names, numberOf, find } = numberTables();
    const rows = [
      ['sales', 'invoice'],
      ['sales', 'invoice'],
      ['ops', 'depot.stock'],
      ['sales', 'customer'],
      ['ops', 'invoice'],
    ] as const;
    expect(rows.map(([s, o]) => numberOf(s, o))).toEqual([0, 0, 1, 2, 3]);
    expect(names.length).toBe(4);
    expect([0, 1, 2, 3].map((t) => names.qualified(t))).toEqual([
      'sales.invoice',
      'ops.depot.stock',
      'sales.customer',
      'ops.invoice',
    ]);
    expect([names.schemaName(3), names.objectName(3)]).toEqual(['ops', 'invoice']);
    expect(find('ops', 'invoice')).toBe(3);
    expect(find('ops', 'customer')).toBeUndefined();
    expect(find('nowhere', 'invoice')).toBeUndefined();
  });

  it('compares a table with a name by schema, then name', () => {
    const { names, numberOf } = numberTables();
    const t = numberOf('b', 'm');
    expect(names.compare(t, 'b', 'm')).toBe(0);
    expect(names.compare(t, 'a', 'z')).toBe(1);
    expect(names.compare(t, 'c', 'a')).toBe(-1);
    expect(names.compare(t, 'b', 'n')).toBe(-1);
    expect(names.compare(t, 'b', 'l')).toBe(1);
    expect(names.compare(t, 'B', 'm')).toBe(1);
  });

  it('keeps every table past its first arrays, each schema once', () => {
    const { names, numberOf } = numberTables();
    for (let i = 0; i < 10_000; i++) numberOf(`s${i % 7}`, `t${i}`);
    expect(names.length).toBe(10_000);
    for (const t of [0, 63, 64, 65, 4_097, 9_999])
      expect(names.qualified(t)).toBe(`s${t % 7}.t${t}`);
    // Seven schema names and ten thousand table names, not an object per table.
    expect(names.bytes).toBeLessThan(10_007 * 48 + 16_384 * 4 + 1);
  });
});
