import type { CatalogObject, SchemaChange } from '@sluice/contracts';

export type SchemaDiff = Omit<SchemaChange, 'id' | 'syncedAt'>;

/**
 * The columns of each table, by `schema.table`: all a diff compares. Each table's columns are one
 * string (`name\u0001type` joined by `\u0002`), so that a catalog of 200,000 columns is 10,000
 * strings in memory, and an unchanged table is one string comparison.
 */
export type CatalogShape = Map<string, string>;

export const COLUMN_SEPARATOR = '\u0002';
export const TYPE_SEPARATOR = '\u0001';

/** Each list keeps this many entries; the counts stay whole. */
export const DIFF_LIMIT = 500;

export const tableKey = (schemaName: string, name: string) => `${schemaName}.${name}`;

export function shapeOf(objects: CatalogObject[]): CatalogShape {
  return new Map(
    objects.map((o) => [
      tableKey(o.schemaName, o.name),
      o.columns.map((c) => `${c.name}${TYPE_SEPARATOR}${c.dataType}`).join(COLUMN_SEPARATOR),
    ]),
  );
}

function columnsOf(encoded: string): Map<string, string> {
  const columns = new Map<string, string>();
  if (!encoded) return columns;
  for (const entry of encoded.split(COLUMN_SEPARATOR)) {
    const at = entry.indexOf(TYPE_SEPARATOR);
    columns.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return columns;
}

/**
 * Tables and columns added and removed, and columns whose type changed: a diff made as the new
 * catalog arrives, batch by batch: each table is compared with its shape
 * before, which is then let go of, so the new catalog's shapes are never all held at once; what
 * is left of the old one at the end was removed.
 */
export class CatalogComparison {
  private readonly tablesAdded: string[] = [];
  private readonly columnsAdded: SchemaDiff['columnsAdded'] = [];
  private readonly columnsRemoved: SchemaDiff['columnsRemoved'] = [];
  private readonly columnsChanged: SchemaDiff['columnsChanged'] = [];

  /** `before` is consumed: each table is removed from it as it is compared. */
  constructor(private readonly before: CatalogShape = new Map()) {}

  /**
   * A table of the catalog before, told when it is needed rather than all at the start: before a
   * changed table is added, or at the end for one the new catalog no longer has.
   */
  expect(table: string, encoded: string): void {
    this.before.set(table, encoded);
  }

  add(after: CatalogShape): void {
    for (const [table, encoded] of after) {
      const encodedBefore = this.before.get(table);
      this.before.delete(table);
      if (encodedBefore === undefined) {
        this.tablesAdded.push(table);
        continue;
      }
      if (encodedBefore === encoded) continue;
      const columns = columnsOf(encoded);
      const previous = columnsOf(encodedBefore);
      for (const [column, dataType] of columns) {
        const was = previous.get(column);
        if (was === undefined)
          this.columnsAdded.push({ table, column, dataType, previousDataType: null });
        else if (was !== dataType)
          this.columnsChanged.push({ table, column, dataType, previousDataType: was });
      }
      for (const [column, dataType] of previous) {
        if (!columns.has(column))
          this.columnsRemoved.push({ table, column, dataType, previousDataType: null });
      }
    }
  }

  result(): SchemaDiff {
    const tablesRemoved = [...this.before.keys()];
    const { tablesAdded, columnsAdded, columnsRemoved, columnsChanged } = this;
    const counts = {
      tablesAdded: tablesAdded.length,
      tablesRemoved: tablesRemoved.length,
      columnsAdded: columnsAdded.length,
      columnsRemoved: columnsRemoved.length,
      columnsChanged: columnsChanged.length,
    };
    return {
      tablesAdded: tablesAdded.sort().slice(0, DIFF_LIMIT),
      tablesRemoved: tablesRemoved.sort().slice(0, DIFF_LIMIT),
      columnsAdded: columnsAdded.slice(0, DIFF_LIMIT),
      columnsRemoved: columnsRemoved.slice(0, DIFF_LIMIT),
      columnsChanged: columnsChanged.slice(0, DIFF_LIMIT),
      truncated: Object.values(counts).some((n) => n > DIFF_LIMIT),
      counts,
    };
  }
}

export const isEmptyDiff = (diff: SchemaDiff) => Object.values(diff.counts).every((n) => n === 0);
