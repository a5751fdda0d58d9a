import type { Database, SqlValue } from 'sql.js';
import type { CatalogObject } from '@sluice/contracts';
import { emptyObject } from './introspection';

const OBJECTS_SQL = `
select name, type from sqlite_schema
 where type in ('table', 'view') and name not like 'sqlite_%' order by name`;

const COLUMNS_SQL = `
select m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk
  from sqlite_schema m join pragma_table_info(m.name) p
 where m.type in ('table', 'view') and m.name not like 'sqlite_%'
 order by m.name, p.cid`;

const FOREIGN_KEYS_SQL = `
select m.name, f.id, f."table", f."from", f."to"
  from sqlite_schema m join pragma_foreign_key_list(m.name) f
 where m.type = 'table' and m.name not like 'sqlite_%'
 order by m.name, f.id, f.seq`;

const INDEXES_SQL = `
select m.name, l.name, l."unique", i.name
  from sqlite_schema m join pragma_index_list(m.name) l join pragma_index_info(l.name) i
 where m.type = 'table' and m.name not like 'sqlite_%' and l.origin <> 'pk'
 order by m.name, l.name, i.seqno`;

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}

const str = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v));

/** SQLite's schema from sqlite_schema and its pragmas, as table-valued functions: four queries. */
export function introspectSqlite(db: Database): CatalogObject[] {
  const objects = new Map<string, CatalogObject>();
  for (const [name, type] of rows(db, OBJECTS_SQL)) {
    objects.set(
      String(name),
      emptyObject('main', String(name), type === 'view' ? 'view' : 'table', null, null),
    );
  }
  const pk = new Map<string, { column: string; position: number }[]>();
  for (const [table, cid, name, type, notnull, dflt, pkPosition] of rows(db, COLUMNS_SQL)) {
    const object = objects.get(String(table));
    if (!object) continue;
    object.columns.push({
      ordinal: Number(cid) + 1,
      name: String(name),
      dataType: String(type ?? '') || 'ANY',
      nullable: Number(notnull) === 0 && Number(pkPosition) === 0,
      defaultValue: str(dflt),
      comment: null,
    });
    if (Number(pkPosition) > 0) {
      const list = pk.get(object.name) ?? [];
      list.push({ column: String(name), position: Number(pkPosition) });
      pk.set(object.name, list);
    }
  }
  for (const [table, list] of pk) {
    objects.get(table)!.primaryKey = list
      .sort((a, b) => a.position - b.position)
      .map((p) => p.column);
  }
  for (const [table, id, referenced, from, to] of rows(db, FOREIGN_KEYS_SQL)) {
    const object = objects.get(String(table));
    if (!object) continue;
    const name = `fk_${String(table)}_${String(id)}`;
    let fk = object.foreignKeys.find((f) => f.name === name);
    if (!fk) {
      fk = {
        name,
        columns: [],
        referencedSchema: 'main',
        referencedTable: String(referenced),
        referencedColumns: [],
      };
      object.foreignKeys.push(fk);
    }
    fk.columns.push(String(from));
    // A key naming no column refers to the referenced table's primary key.
    fk.referencedColumns.push(str(to) ?? '');
  }
  for (const [table, name, unique, column] of rows(db, INDEXES_SQL)) {
    const object = objects.get(String(table));
    if (!object) continue;
    let index = object.indexes.find((i) => i.name === String(name));
    if (!index) {
      index = { name: String(name), columns: [], unique: Number(unique) === 1 };
      object.indexes.push(index);
    }
    index.columns.push(str(column) ?? '(expression)');
  }
  for (const object of objects.values()) {
    object.foreignKeys.forEach((fk) => {
      if (fk.referencedColumns.every((c) => c === '')) {
        fk.referencedColumns = objects.get(fk.referencedTable)?.primaryKey ?? fk.referencedColumns;
      }
    });
  }
  return [...objects.values()];
}
