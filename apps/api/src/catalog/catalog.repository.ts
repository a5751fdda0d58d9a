import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { CatalogConnection, CatalogSearchHit, CatalogSearchQuery } from '@sluice/contracts';
import type { SchemaChange, SchemaListQuery, TaggedObject } from '@sluice/contracts';
import { DATABASE_POOL } from '../db/database';
import { SearchPool } from '../db/search-pool';
import { likePattern, offsetOf, toPage } from '../common/pagination';
import { identifierVariants } from './index/identifier-words';

export type SchemaPage = ReturnType<typeof toPage<TaggedObject>> & {
  schemas: string[];
  ingestedAt: string | null;
};

interface ObjectRow extends Omit<TaggedObject, 'columns' | 'rowEstimate'> {
  id: string;
  rowEstimate: string | null;
}

/** What an object row reads: everything but its columns. */
const OBJECT_COLUMNS = `o.id, o.schema_name as "schemaName", o.name, o.kind, o.comment,
  o.row_estimate as "rowEstimate", o.primary_key as "primaryKey",
  o.foreign_keys as "foreignKeys", o.indexes`;

/** How many matches of each kind a search ranks before it keeps the best. */
const CANDIDATES = 400;
/** How many distinct column names a search looks at, best first, before it fetches columns. */
const NAMES = 50;

/**
 * Both branches of a search of names for `pattern` (`%question%`), each behind a condition on the
 * question alone, which PostgreSQL checks once before it reads a row (under a generic plan too).
 * A name holds a question with a space only if it has one too: such a question reads the few
 * names with a space (`catalog_objects_spaced_name_idx`, whose predicate this repeats), not every
 * name sharing its words' trigrams (half of its time at 100,000 tables). `branch` writes one
 * branch from its condition and its match of `o.name`.
 */
export function namesContaining(
  question: string,
  pattern: string,
  branch: (when: string, contains: string) => string,
): string {
  return `${branch(`${question} not like '% %'`, `o.name ilike ${pattern}`)}
          union all
          ${branch(`${question} like '% %'`, `o.name like '% %' and o.name ilike ${pattern}`)}`;
}

/** Reads the catalog: one connection's objects, its change history, and search across all. */
@Injectable()
export class CatalogRepository {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly searching: SearchPool,
  ) {}

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
          `select ${OBJECT_COLUMNS}
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
    const items = await this.withColumns(objects);
    return {
      ...toPage(items, count[0]?.n ?? 0, query.page, query.pageSize),
      schemas: schemas.map((r) => r.s),
      ingestedAt: ingested[0]?.at?.toISOString() ?? null,
    };
  }

  /** One table or view with its tagged columns; schema may be left out when the name is unique. */
  async findObject(
    connectionId: string,
    schema: string | undefined,
    name: string,
  ): Promise<TaggedObject[]> {
    const { rows } = await this.pool.query<ObjectRow>(
      `select ${OBJECT_COLUMNS}
         from catalog_objects o
        where o.connection_id = $1 and o.name = $2 and ($3::text is null or o.schema_name = $3)
        order by o.schema_name limit 10`,
      [connectionId, name, schema ?? null],
    );
    return this.withColumns(rows);
  }

  /** Several objects of a connection by schema and name, with their tagged columns, in one go. */
  async findObjects(
    connectionId: string,
    names: { schemaName: string; objectName: string }[],
  ): Promise<TaggedObject[]> {
    const { rows } = await this.pool.query<ObjectRow>(
      // Name by name through the unique index: right after a sync of 100,000 tables, before
      // autovacuum analyzed them, a join hashed every object instead (83 ms a page of 500).
      `select ${OBJECT_COLUMNS}
         from unnest($2::text[], $3::text[]) as t(s, n)
        cross join lateral (select * from catalog_objects o
                             where o.connection_id = $1 and o.schema_name = t.s and o.name = t.n
                             limit 1) o`,
      [connectionId, names.map((n) => n.schemaName), names.map((n) => n.objectName)],
    );
    return this.withColumns(rows);
  }

  /** One page of a connection's objects with their tagged columns, in name order after `after`. */
  async objectsAfter(
    connectionId: string,
    after: { schemaName: string; name: string } | null,
    limit: number,
  ): Promise<TaggedObject[]> {
    const { rows } = await this.pool.query<ObjectRow>(
      `select ${OBJECT_COLUMNS}
         from catalog_objects o
        where o.connection_id = $1 and ($2::text is null or (o.schema_name, o.name) > ($2, $3))
        order by o.schema_name, o.name limit $4`,
      [connectionId, after?.schemaName ?? null, after?.name ?? null, limit],
    );
    return this.withColumns(rows);
  }

  private async withColumns(objects: ObjectRow[]): Promise<TaggedObject[]> {
    // Driven by the objects already read, never joined to catalog_objects: for a page of 500
    // PostgreSQL chose to hash every object of every connection (50 ms at 50,000 tables).
    const columns = await this.pool.query<TaggedObject['columns'][number] & { objectId: string }>(
      `select c.object_id as "objectId", c.ordinal, c.name, c.data_type as "dataType", c.nullable,
              c.default_value as "defaultValue", c.comment, g.tag
         from unnest($1::uuid[], $2::text[], $3::text[]) as o(id, schema_name, name)
         join catalog_columns c on c.object_id = o.id
         left join catalog_column_tags g on g.connection_id = c.connection_id
              and g.schema_name = o.schema_name and g.object_name = o.name and g.column_name = c.name
        order by c.object_id, c.ordinal`,
      [objects.map((o) => o.id), objects.map((o) => o.schemaName), objects.map((o) => o.name)],
    );
    const byObject = new Map<string, TaggedObject['columns']>();
    for (const { objectId, ...column } of columns.rows) {
      const list = byObject.get(objectId) ?? [];
      list.push(column);
      byObject.set(objectId, list);
    }
    return objects.map(({ id, rowEstimate, ...o }) => ({
      ...o,
      rowEstimate: rowEstimate === null ? null : Number(rowEstimate),
      columns: byObject.get(id) ?? [],
    }));
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
  async search(
    query: Pick<CatalogSearchQuery, 'q' | 'limit' | 'schema' | 'kind'>,
    scope: { connectionIds?: string[]; withoutHidden?: boolean } = {},
  ): Promise<CatalogSearchHit[]> {
    const within = (column: string) => `and ($5::uuid[] is null or ${column} = any($5::uuid[]))`;
    const only = `and ($8::text is null or o.schema_name = $8) and ($9::text is null or o.kind = $9)`;
    const score = (
      column: string,
    ) => `(case when lower(${column}) = lower($1) or lower(${column}) = any($7::text[]) then 3
              when ${column} ilike $2 then 2 else 1 end) + similarity(${column}, $1)`;
    const byName = (
      question: string,
      contains: string,
    ) => `(select o.connection_id, o.schema_name, o.name as object_name,
                 o.kind, null::text as column_name, null::text as data_type, o.comment,
                 'table' as matched, ${score('o.name')} as score
            from catalog_objects o
           where ${question}
                 and (${contains} or lower(o.name) = lower($1) or lower(o.name) = any($7::text[]))
                 ${within('o.connection_id')} ${only})`;
    // Named, on the search's connections (see SearchPool): planned once per connection.
    const { rows } = await this.searching.query<CatalogSearchHit>({
      name: 'catalog-search',
      text: `with hits as (
         (select * from (${namesContaining('$1', '$3', byName)}) n limit ${CANDIDATES})
         union all
         (select c.connection_id, o.schema_name, o.name, o.kind, c.name, c.data_type, c.comment,
                 'column', ${score('c.name')}
            from (select n.name from catalog_column_names n
                   where n.name like lower($3) or n.name = lower($1) or n.name = any($7::text[])
                   order by n.name = lower($1) or n.name = any($7::text[]) desc, n.name like lower($2) desc, similarity(n.name, $1) desc
                   limit ${NAMES}) n
           cross join lateral (select * from catalog_columns c
                                where lower(c.name) = n.name ${within('c.connection_id')}
                                limit ${CANDIDATES}) c
            join catalog_objects o on o.id = c.object_id
           where true ${only}
           limit ${CANDIDATES})
         union all
         (select o.connection_id, o.schema_name, o.name, o.kind, null, null, o.comment, 'comment',
                 ts_rank(to_tsvector('simple', coalesce(o.comment, '')), plainto_tsquery('simple', $1))
            from catalog_objects o
           where o.comment is not null and to_tsvector('simple', coalesce(o.comment, '')) @@ plainto_tsquery('simple', $1)
                 ${within('o.connection_id')} ${only}
           limit ${CANDIDATES})
         union all
         (select c.connection_id, o.schema_name, o.name, o.kind, c.name, c.data_type, c.comment, 'comment',
                 ts_rank(to_tsvector('simple', coalesce(c.comment, '')), plainto_tsquery('simple', $1))
            from (select * from catalog_columns c where c.comment is not null ${within('c.connection_id')}
                     and to_tsvector('simple', coalesce(c.comment, '')) @@ plainto_tsquery('simple', $1) limit ${CANDIDATES}) c
            join catalog_objects o on o.id = c.object_id where true ${only} limit ${CANDIDATES})
       )
       select h.connection_id as "connectionId", d.name as "connectionName", d.db_type as "dbType",
              h.schema_name as "schemaName", h.object_name as "objectName", h.kind as "objectKind",
              h.column_name as "columnName", h.data_type as "dataType", h.comment, h.matched,
              array[case h.matched when 'table' then 'name' else h.matched end] as reasons,
              round(h.score::numeric, 4)::float8 as score, g.tag
         from hits h join data_connections d on d.id = h.connection_id
         left join catalog_column_tags g on g.connection_id = h.connection_id
              and g.schema_name = h.schema_name and g.object_name = h.object_name
              and g.column_name = h.column_name
        where not ($6::boolean and g.tag is not distinct from 'hidden')
        order by h.score desc, h.object_name, h.column_name nulls first
        limit $4`,
      values: [
        query.q,
        `${likePattern(query.q).slice(1)}`,
        likePattern(query.q),
        query.limit,
        scope.connectionIds ?? null,
        scope.withoutHidden === true,
        identifierVariants(query.q),
        query.schema ?? null,
        query.kind ?? null,
      ],
    });
    return rows;
  }

  /** Every connection with a catalog, by name: its table count and schema names. */
  async catalogConnections(): Promise<CatalogConnection[]> {
    const { rows } = await this.pool.query<CatalogConnection>(
      `select d.id, d.name, d.db_type as "dbType", count(*)::int as tables,
              array_agg(distinct o.schema_name order by o.schema_name) as schemas
         from data_connections d join catalog_objects o on o.connection_id = d.id
        group by d.id order by d.name collate sluice_natural`,
    );
    return rows;
  }
}
