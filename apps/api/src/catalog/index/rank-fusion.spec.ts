import { describe, expect, it } from 'vitest';
import type { CatalogSearchHit } from '@sluice/contracts';
import { fuseHits, isPending, readPending, type TableRef } from './rank-fusion';

const hit = (objectName: string, columnName: string | null = null): CatalogSearchHit => ({
  connectionId: 'c1',
  connectionName: 'Warehouse',
  dbType: 'postgresql',
  schemaName: 'dw',
  objectName,
  objectKind: 'table',
  columnName,
  dataType: null,
  comment: null,
  matched: columnName ? 'column' : 'table',
  reasons: [],
  score: 0,
  tag: null,
});
const ref = (objectName: string) => ({ connectionId: 'c1', schemaName: 'dw', objectName });

describe('fusing search hits', () => {
  const fused = fuseHits(
    [hit('orders', 'customer_id'), hit('customers')],
    [
      [
        { ...ref('invoices'), reasons: ['name', 'comment'] },
        { ...ref('orders'), reasons: ['column'] },
      ],
      [
        { ...ref('invoices'), reasons: ['semantic'] },
        { ...ref('gone'), reasons: ['semantic'] },
      ],
    ],
  );

  it('adds what words and meaning found to a lexical hit, and keeps tables only they found pending', () => {
    expect(fused.map((h) => [h.objectName, isPending(h)])).toEqual([
      ['invoices', true],
      ['orders', false],
      ['customers', false],
      ['gone', true],
    ]);
    expect(fused[0]!.reasons).toEqual(['name', 'comment', 'semantic']);
    expect(fused[1]!.reasons).toEqual(['column']);
  });

  it('reads only the pending hits shown, once, and leaves out the tables no longer there', async () => {
    const asked: TableRef[][] = [];
    const read = await readPending(fused.slice(0, 4), (tables) => {
      asked.push(tables);
      return Promise.resolve([hit('invoices')]);
    });
    expect(asked.map((t) => t.map((r) => r.objectName))).toEqual([['invoices', 'gone']]);
    expect(read.map((h) => h.objectName)).toEqual(['invoices', 'orders', 'customers']);
    expect(read[0]).toMatchObject({
      matched: 'table',
      reasons: ['name', 'comment', 'semantic'],
      score: fused[0]!.score,
    });
    expect(read[0]).not.toHaveProperty('pending');
    expect(
      await readPending(fused.slice(1, 3), () => Promise.reject(new Error('read'))),
    ).toHaveLength(2);
  });
});
