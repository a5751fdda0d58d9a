import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type {
  CatalogObject,
  CatalogSearchHit,
  CatalogSearchQuery,
  SchemaChange,
  SchemaListQuery,
} from '@sluice/contracts';
import { DATABASE_POOL } from '../db/database';
import { likePattern, offsetOf, toPage } from '../common/pagination';

export type SchemaPage = ReturnType<typeof toPage<CatalogObject>> & {
  schemas: string[];
  ingestedAt: string | null;
};

interface ObjectRow extends Omit<CatalogObject, 'columns' | 'rowEstimate'> {
  id: string;
  rowEstimate: string | null;
}

/** How many matches of each kind a search ranks before it keeps the best. */
const CANDIDATES = 400;
/** How many distinct column names a search looks at, best first, before it fetches columns. */
const NAMES = 50;

/** Reads the catalog: one connection's objects, its change history, and search across all. */
@Injectable()
export class CatalogRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  async list(connectionId: string, query: SchemaListQuery): Promise<SchemaPage> {
    const filters = ['o.connection_id = $1'];
    const values: unknown[] = [connectionId];
    if (query.schema) {
      values.push(query.schema);
      filters.push(`o.schema_name = $${values.length}`);
    }
    if (query.search) {
      values.push(likePattern(query.search));
      const p = `$${values.length}`;
      filters.push(`(o.name ilike ${p} or exists (select 1 from catalog_columns c
        where c.object_id = o.id and c.name ilike ${p}))`);
    }
    const where = filters.join(' and ');
    const [{ rows: objects }, { rows: count }, { rows: schemas }, { rows: ingested }] =
      await Promise.all([
        this.pool.query<ObjectRow>(
          `select o.id, o.schema_name as "schemaName", o.name, o.kind, o.comment,
                  o.row_estimate as "rowEstimate", o.primary_key as "primaryKey",
                  o.foreign_keys as "foreignKeys", o.indexes
             from catalog_objects o where ${where}
            order by o.schema_name, o.name limit ${query.pageSize} offset ${offsetOf(query.page, query.pageSize)}`,
          values,
        ),
        this.pool.query<{ n: number }>(
          `select count(*)::int as n from catalog_objects o where ${where}`,
          values,
        ),
        this.pool.query<{ s: string }>(
          'select distinct schema_name as s from catalog_objects where connection_id = $1 order by 1',
          [connectionId],
        ),
        this.pool.query<{ at: Date | null }>(
          'select schema_ingested_at as at from data_connections where id = $1',
          [connectionId],
        ),
      ]);
    const columns = await this.pool.query<CatalogObject['columns'][number] & { objectId: string }>(
      `select object_id as "objectId", ordinal, name, data_type as "dataType", nullable,
              default_value as "defaultValue", comment
         from catalog_columns where object_id = any($1::uuid[]) order by object_id, ordinal`,
      [objects.map((o) => o.id)],
    );
    const byObject = new Map<string, CatalogObject['columns']>();
    for (const { objectId, ...column } of columns.rows) {
      const list = byObject.get(objectId) ?? [];
      list.push(column);
      byObject.set(objectId, list);
    }
    const items = objects.map(({ id, rowEstimate, ...o }) => ({
      ...o,
      rowEstimate: rowEstimate === null ? null : Number(rowEstimate),
      columns: byObject.get(id) ?? [],
    }));
    return {
      ...toPage(items, count[0]?.n ?? 0, query.page, query.pageSize),
      schemas: schemas.map((r) => r.s),
      ingestedAt: ingested[0]?.at?.toISOString() ?? null,
    };
  }

  async changes(connectionId: string, limit = 50): Promise<SchemaChange[]> {
    const { rows } = await this.pool.query<{
      id: string;
      syncedAt: Date;
      changes: Omit<SchemaChange, 'id' | 'syncedAt'>;
    }>(
      `select id, synced_at as "syncedAt", changes from schema_changes
        where connection_id = $1 order by synced_at desc limit $2`,
      [connectionId, limit],
    );
    return rows.map((r) => ({ id: r.id, syncedAt: r.syncedAt.toISOString(), ...r.changes }));
  }

  /**
   * Table names, column names and comments across every connection, ranked: an exact name
   * first, then a prefix, then trigram similarity; comments by full-text rank.
   */
  async search(query: CatalogSearchQuery): Promise<CatalogSearchHit[]> {
    const score = (column: string) => `(case when lower(${column}) = lower($1) then 3
              when ${column} ilike $2 then 2 else 1 end) + similarity(${column}, $1)`;
    const { rows } = await this.pool.query<CatalogSearchHit>(
      `with hits as (
         (select o.connection_id, o.schema_name, o.name as object_name, o.kind, null::text as column_name,
                 null::text as data_type, o.comment, 'table' as matched, ${score('o.name')} as score
            from catalog_objects o
           where o.name ilike $3 or lower(o.name) = lower($1)
           limit ${CANDIDATES})
         union all
         (select c.connection_id, o.schema_name, o.name, o.kind, c.name, c.data_type, c.comment,
                 'column', ${score('c.name')}
            from (select n.name from catalog_column_names n
                   where n.name like lower($3) or n.name = lower($1)
                   order by n.name = lower($1) desc, n.name like lower($2) desc, similarity(n.name, $1) desc
                   limit ${NAMES}) n
           cross join lateral (select * from catalog_columns c
                                where lower(c.name) = n.name limit ${CANDIDATES}) c
            join catalog_objects o on o.id = c.object_id
           limit ${CANDIDATES})
         union all
         (select o.connection_id, o.schema_name, o.name, o.kind, null, null, o.comment, 'comment',
                 ts_rank(to_tsvector('simple', coalesce(o.comment, '')), plainto_tsquery('simple', $1))
            from catalog_objects o
           where to_tsvector('simple', coalesce(o.comment, '')) @@ plainto_tsquery('simple', $1)
           limit ${CANDIDATES})
         union all
         (select c.connection_id, o.schema_name, o.name, o.kind, c.name, c.data_type, c.comment, 'comment',
                 ts_rank(to_tsvector('simple', coalesce(c.comment, '')), plainto_tsquery('simple', $1))
            from catalog_columns c join catalog_objects o on o.id = c.object_id
           where to_tsvector('simple', coalesce(c.comment, '')) @@ plainto_tsquery('simple', $1)
           limit ${CANDIDATES})
       )
       select h.connection_id as "connectionId", d.name as "connectionName", d.db_type as "dbType",
              h.schema_name as "schemaName", h.object_name as "objectName", h.kind as "objectKind",
              h.column_name as "columnName", h.data_type as "dataType", h.comment, h.matched,
              round(h.score::numeric, 4)::float8 as score
         from hits h join data_connections d on d.id = h.connection_id
        order by h.score desc, h.object_name, h.column_name nulls first
        limit $4`,
      [query.q, `${likePattern(query.q).slice(1)}`, likePattern(query.q), query.limit],
    );
    return rows;
  }
}
