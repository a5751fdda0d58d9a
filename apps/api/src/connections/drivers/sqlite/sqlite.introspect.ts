import type { Database, SqlValue } from 'sql.js';
import type { CatalogObject } from '@sluice/contracts';
import { CatalogBuilder } from '../core/catalog-builder';
import { sqliteComments, type SqliteComments } from './sqlite.comments';

const OBJECTS_SQL = `
select name, type, sql from sqlite_schema
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
  const catalog = new CatalogBuilder();
  const comments = new Map<string, SqliteComments>();
  for (const [name, type, sql] of rows(db, OBJECTS_SQL)) {
    const read = sqliteComments(str(sql));
    comments.set(String(name), read);
    catalog.addObject('main', String(name), type === 'view' ? 'view' : 'table', read.table, null);
  }
  const pk = new Map<string, { column: string; position: number }[]>();
  for (const [table, cid, name, type, notnull, dflt, pkPosition] of rows(db, COLUMNS_SQL)) {
    catalog.addColumn('main', String(table), {
      ordinal: Number(cid) + 1,
      name: String(name),
      dataType: String(type ?? '') || 'ANY',
      nullable: Number(notnull) === 0 && Number(pkPosition) === 0,
      defaultValue: str(dflt),
      comment: comments.get(String(table))?.columns.get(String(name)) ?? null,
    });
    if (Number(pkPosition) > 0) {
      const list = pk.get(String(table)) ?? [];
      list.push({ column: String(name), position: Number(pkPosition) });
      pk.set(String(table), list);
    }
  }
  for (const [table, list] of pk) {
    for (const { column } of list.sort((a, b) => a.position - b.position))
      catalog.addPrimaryKeyColumn('main', table, column);
  }
  for (const [table, id, referenced, from, to] of rows(db, FOREIGN_KEYS_SQL)) {
    // A key naming no column refers to the referenced table's primary key: filled in below.
    catalog.addForeignKeyColumn(
      'main',
      String(table),
      `fk_${String(table)}_${String(id)}`,
      String(from),
      {
        schema: 'main',
        table: String(referenced),
        column: str(to) ?? '',
      },
    );
  }
  for (const [table, name, unique, column] of rows(db, INDEXES_SQL)) {
    catalog.addIndexColumn(
      'main',
      String(table),
      String(name),
      Number(unique) === 1,
      str(column) ?? '(expression)',
    );
  }
  const objects = catalog.build();
  const byName = new Map(objects.map((object) => [object.name, object]));
  for (const object of objects) {
    object.foreignKeys.forEach((fk) => {
      if (fk.referencedColumns.every((c) => c === '')) {
        fk.referencedColumns = byName.get(fk.referencedTable)?.primaryKey ?? fk.referencedColumns;
      }
    });
  }
  return objects;
}
