import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/contracts';
import { emptyObject } from '../connections/drivers/core/introspection';
import {
  CatalogComparison,
  DIFF_LIMIT,
  isEmptyDiff,
  shapeOf,
  type CatalogShape,
} from './schema-diff';

/** The comparison a sync makes, handed the new catalog in one batch. */
function diffCatalogs(before: CatalogShape, after: CatalogShape) {
  const comparison = new CatalogComparison(new Map(before));
  comparison.add(after);
  return comparison.result();
}

const table = (schema: string, name: string, columns: Record<string, string>): CatalogObject => ({
  ...emptyObject(schema, name, 'table', null, null),
  columns: Object.entries(columns).map(([column, dataType], i) => ({
    ordinal: i + 1,
    name: column,
    dataType,
    nullable: true,
    defaultValue: null,
    comment: null,
  })),
});

describe('CatalogComparison', () => {
  it('finds nothing between a catalog and itself', () => {
    const shape = shapeOf([table('s', 'a', { x: 'int' })]);
    const diff = diffCatalogs(shape, shape);
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.truncated).toBe(false);
  });

  it('lists tables and columns added and removed, and columns whose type changed', () => {
    const before = shapeOf([
      table('s', 'kept', { id: 'int', gone: 'text', retyped: 'int' }),
      table('s', 'dropped', { id: 'int' }),
    ]);
    const after = shapeOf([
      table('s', 'kept', { id: 'int', retyped: 'bigint', fresh: 'date' }),
      table('t', 'created', { id: 'int' }),
    ]);
    expect(diffCatalogs(before, after)).toEqual({
      tablesAdded: ['t.created'],
      tablesRemoved: ['s.dropped'],
      columnsAdded: [
        { table: 's.kept', column: 'fresh', dataType: 'date', previousDataType: null },
      ],
      columnsRemoved: [
        { table: 's.kept', column: 'gone', dataType: 'text', previousDataType: null },
      ],
      columnsChanged: [
        { table: 's.kept', column: 'retyped', dataType: 'bigint', previousDataType: 'int' },
      ],
      truncated: false,
      counts: {
        tablesAdded: 1,
        tablesRemoved: 1,
        columnsAdded: 1,
        columnsRemoved: 1,
        columnsChanged: 1,
      },
    });
  });

  it('finds nothing when only the order of columns changed', () => {
    const before = shapeOf([table('s', 'a', { x: 'int', y: 'text' })]);
    const after = shapeOf([table('s', 'a', { y: 'text', x: 'int' })]);
    expect(isEmptyDiff(diffCatalogs(before, after))).toBe(true);
  });

  it('does not list the columns of an added or removed table as column changes', () => {
    const diff = diffCatalogs(shapeOf([]), shapeOf([table('s', 'a', { x: 'int', y: 'int' })]));
    expect(diff.counts).toEqual({
      tablesAdded: 1,
      tablesRemoved: 0,
      columnsAdded: 0,
      columnsRemoved: 0,
      columnsChanged: 0,
    });
  });

  it(`keeps ${DIFF_LIMIT} entries per list and the whole counts`, () => {
    const many = Array.from({ length: DIFF_LIMIT + 20 }, (_, i) => table('s', `t${i}`, {}));
    const diff = diffCatalogs(shapeOf([]), shapeOf(many));
    expect(diff.tablesAdded).toHaveLength(DIFF_LIMIT);
    expect(diff.counts.tablesAdded).toBe(DIFF_LIMIT + 20);
    expect(diff.truncated).toBe(true);
  });

  it('gives the same diff when the new catalog comes in batches', () => {
    const before = shapeOf([
      table('s', 'a', { x: 'int' }),
      table('s', 'b', { x: 'int' }),
      table('s', 'gone', { x: 'int' }),
    ]);
    const after = [
      table('s', 'a', { x: 'bigint' }),
      table('s', 'b', { x: 'int', y: 'text' }),
      table('s', 'new', {}),
    ];
    const comparison = new CatalogComparison(new Map(before));
    for (const object of after) comparison.add(shapeOf([object]));
    expect(comparison.result()).toEqual(diffCatalogs(before, shapeOf(after)));
    expect(comparison.result().counts).toEqual({
      tablesAdded: 1,
      tablesRemoved: 1,
      columnsAdded: 1,
      columnsRemoved: 0,
      columnsChanged: 1,
    });
  });
});
