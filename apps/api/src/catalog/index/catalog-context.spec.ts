import { describe, expect, it } from 'vitest';
import type { ContextTable } from '@sluice/contracts';
import { bridgesOf, withinBudget } from './catalog-context';
import { fuseTables } from './rank-fusion';

describe('question context', () => {
  it('adds the table two matches reference, or that references both, not one already linking them', () => {
    const selected = [
      { name: 's.orders', refs: ['s.customers'] },
      { name: 's.products', refs: [] },
      { name: 's.customers', refs: [] },
    ];
    const neighbours = [
      { name: 's.customers', refs: [] },
      { name: 's.order_items', refs: ['s.orders', 's.products'] },
      { name: 's.reviews', refs: ['s.products'] },
      { name: 's.addresses', refs: ['s.customers', 's.orders'] },
    ];
    expect(bridgesOf(selected, neighbours, 5)).toEqual([
      { name: 's.order_items', joins: ['s.orders', 's.products'] },
    ]);
    expect(bridgesOf(selected, neighbours, 0)).toEqual([]);
  });

  it('keeps whole tables within the budget, under their connection, and says what it left out', () => {
    const table = (name: string, size: number, connectionId = 'c1'): ContextTable => ({
      connectionId,
      connectionName: connectionId,
      dbType: 'postgresql',
      schemaName: 's',
      name,
      reasons: ['name'],
      joins: [],
      ddl: `TABLE s.${name}\n${'x'.repeat(size)}`,
    });
    const label = (t: ContextTable) => `${t.connectionName} (PostgreSQL)`;
    const all = withinBudget([table('a', 50), table('b', 50), table('c', 50, 'c2')], 10_000, label);
    expect(all.truncated).toBe(false);
    expect(all.text.match(/^-- /gm)).toEqual(['-- ', '-- ']);
    const some = withinBudget([table('a', 50), table('big', 500), table('c', 50)], 200, label);
    expect(some.tables.map((t) => t.name)).toEqual(['a', 'c']);
    expect(some.truncated).toBe(true);
    expect(some.text.length).toBeLessThanOrEqual(200);
    const cut = withinBudget([table('huge', 5_000)], 600, label);
    expect(cut.text.length).toBe(600);
    expect(cut.truncated).toBe(true);
  });

  it('fuses rankings: agreement between lists beats one list’s top', () => {
    const ref = (objectName: string) => ({ connectionId: 'c', schemaName: 's', objectName });
    const names = [ref('customers'), ref('inv_hdr')];
    const meaning = [ref('inv_hdr'), ref('payroll')];
    const fused = fuseTables([
      { items: names, reasons: () => ['name'] },
      { items: [ref('inv_hdr')], reasons: () => ['comment'] },
      { items: meaning, reasons: () => ['semantic'] },
    ]);
    expect(fused.map((t) => t.objectName)).toEqual(['inv_hdr', 'customers', 'payroll']);
    expect(fused[0]!.reasons).toEqual(['name', 'comment', 'semantic']);
  });
});
