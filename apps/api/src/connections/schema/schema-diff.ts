import type { CatalogObject, SchemaChange } from '@sluice/contracts';

export type SchemaDiff = Omit<SchemaChange, 'id' | 'syncedAt'>;

/** The columns of each table, by `schema.table`: all a diff compares. */
export type CatalogShape = Map<string, Map<string, string>>;

/** Each list keeps this many entries; the counts stay whole. */
export const DIFF_LIMIT = 500;

export const tableKey = (schemaName: string, name: string) => `${schemaName}.${name}`;

export function shapeOf(objects: CatalogObject[]): CatalogShape {
  return new Map(
    objects.map((o) => [
      tableKey(o.schemaName, o.name),
      new Map(o.columns.map((c) => [c.name, c.dataType])),
    ]),
  );
}

/** Tables and columns added and removed, and columns whose type changed. */
export function diffCatalogs(before: CatalogShape, after: CatalogShape): SchemaDiff {
  const tablesAdded: string[] = [];
  const tablesRemoved: string[] = [];
  const columnsAdded: SchemaDiff['columnsAdded'] = [];
  const columnsRemoved: SchemaDiff['columnsRemoved'] = [];
  const columnsChanged: SchemaDiff['columnsChanged'] = [];
  for (const [table, columns] of after) {
    const previous = before.get(table);
    if (!previous) {
      tablesAdded.push(table);
      continue;
    }
    for (const [column, dataType] of columns) {
      const was = previous.get(column);
      if (was === undefined) columnsAdded.push({ table, column, dataType, previousDataType: null });
      else if (was !== dataType)
        columnsChanged.push({ table, column, dataType, previousDataType: was });
    }
    for (const [column, dataType] of previous) {
      if (!columns.has(column))
        columnsRemoved.push({ table, column, dataType, previousDataType: null });
    }
  }
  for (const table of before.keys()) if (!after.has(table)) tablesRemoved.push(table);
  const lists = { tablesAdded, tablesRemoved, columnsAdded, columnsRemoved, columnsChanged };
  const counts = {
    tablesAdded: tablesAdded.length,
    tablesRemoved: tablesRemoved.length,
    columnsAdded: columnsAdded.length,
    columnsRemoved: columnsRemoved.length,
    columnsChanged: columnsChanged.length,
  };
  return {
    tablesAdded: lists.tablesAdded.sort().slice(0, DIFF_LIMIT),
    tablesRemoved: lists.tablesRemoved.sort().slice(0, DIFF_LIMIT),
    columnsAdded: columnsAdded.slice(0, DIFF_LIMIT),
    columnsRemoved: columnsRemoved.slice(0, DIFF_LIMIT),
    columnsChanged: columnsChanged.slice(0, DIFF_LIMIT),
    truncated: Object.values(counts).some((n) => n > DIFF_LIMIT),
    counts,
  };
}

export const isEmptyDiff = (diff: SchemaDiff) => Object.values(diff.counts).every((n) => n === 0);
