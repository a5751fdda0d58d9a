import type { CatalogObject } from '@sluice/contracts';
import { emptyObject } from './introspection';

/** A value as the dialects' drivers hand it back. */
export type Cell = string | number | bigint | boolean | Date | Buffer | null | undefined;
export type CellRow = Record<string, Cell>;

export const textOf = (value: Cell) =>
  value === null || value === undefined ? null : String(value);
export const numberOf = (value: Cell) =>
  value === null || value === undefined || value === '' ? null : Number(value);

/**
 * Assembles catalog objects from the row sets every dialect's catalog gives: objects, then
 * columns, keys and index columns keyed by (schema, table). Rows for unknown tables are dropped.
 */
export class CatalogBuilder {
  private readonly objects = new Map<string, CatalogObject>();

  private static key(schema: Cell, table: Cell): string {
    return `${String(schema)}\u0000${String(table)}`;
  }

  private find(schema: Cell, table: Cell): CatalogObject | undefined {
    return this.objects.get(CatalogBuilder.key(schema, table));
  }

  get size(): number {
    return this.objects.size;
  }

  addObject(
    schema: string,
    name: string,
    kind: CatalogObject['kind'],
    comment: string | null,
    rowEstimate: number | null,
  ): void {
    this.objects.set(
      CatalogBuilder.key(schema, name),
      emptyObject(schema, name, kind, comment || null, rowEstimate),
    );
  }

  addColumn(schema: Cell, table: Cell, column: CatalogObject['columns'][number]): void {
    this.find(schema, table)?.columns.push(column);
  }

  addPrimaryKeyColumn(schema: Cell, table: Cell, column: string): void {
    this.find(schema, table)?.primaryKey.push(column);
  }

  addForeignKeyColumn(
    schema: Cell,
    table: Cell,
    name: string,
    column: string,
    referenced: { schema: string; table: string; column: string },
  ): void {
    const object = this.find(schema, table);
    if (!object) return;
    let fk = object.foreignKeys.find((f) => f.name === name);
    if (!fk) {
      fk = {
        name,
        columns: [],
        referencedSchema: referenced.schema,
        referencedTable: referenced.table,
        referencedColumns: [],
      };
      object.foreignKeys.push(fk);
    }
    fk.columns.push(column);
    fk.referencedColumns.push(referenced.column);
  }

  addIndexColumn(schema: Cell, table: Cell, name: string, unique: boolean, column: string): void {
    const object = this.find(schema, table);
    if (!object) return;
    let index = object.indexes.find((i) => i.name === name);
    if (!index) {
      index = { name, columns: [], unique };
      object.indexes.push(index);
    }
    index.columns.push(column);
  }

  build(): CatalogObject[] {
    return [...this.objects.values()];
  }
}
