import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type {
  CatalogObjectKind,
  CatalogSearchQuery,
  DbType,
  TaggedObject,
} from '@sluice/contracts';
import { likePattern } from '../../common/pagination';
import { namesContaining } from '../catalog.repository';
import { identifierVariants } from './identifier-words';
import { DATABASE_POOL, readRows } from '../../db/database';
import { SearchPool } from '../../db/search-pool';
import type { TableRef } from './rank-fusion';

/**
 * Reads the catalog's search index: words and references, vectors, versions, tables, and how
 * many tables a search matches.
 */
@Injectable()
export class CatalogSearchRepository {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly searching: SearchPool,
  ) {}

  /** Every connection's index version (one small row per connection). */
  async versions(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ id: string; version: number }>(
      'select connection_id as id, version from catalog_index_status',
    );
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** Every vector of a connection made by `model`, in one pass. */
  async vectors(connectionId: string, model: string) {
    return readRows<{ s: string; o: string; v: Buffer }>(
      this.pool,
      `select schema_name as s, object_name as o, vector as v from catalog_documents
        where connection_id = $1 and model = $2 and vector is not null`,
      [connectionId, model],
    );
  }

  /**
   * A connection's documents' words, as tsvector text, and each table's references (on its first
   * part, when it has any): what the word index and the foreign-key graph are built from.
   */
  async words(connectionId: string) {
    return readRows<{ s: string; o: string; w: string; r: string[] | null }>(
      this.pool,
      `select schema_name as s, object_name as o, words::text as w,
              case when part = 0 and cardinality(refs) > 0 then refs end as r
         from catalog_documents
        where connection_id = $1 order by schema_name, object_name, part`,
      [connectionId],
    );
  }

  /** A connection's tables and views with their kind and comment (what a table's hit shows). */
  async tables(connectionId: string) {
    return readRows<{ s: string; o: string; k: CatalogObjectKind; c: string | null }>(
      this.pool,
      `select schema_name as s, name as o, kind as k, comment as c from catalog_objects
        where connection_id = $1`,
      [connectionId],
    );
  }

  /** Every connection's name, type and last committed sync (an ISO time), by id. */
  async connectionLabels() {
    const { rows } = await this.pool.query<{
      id: string;
      name: string;
      dbType: DbType;
      ingestedAt: string | null;
    }>(
      `select id, name, db_type as "dbType",
              to_char(schema_ingested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as "ingestedAt"
         from data_connections`,
    );
    return new Map(rows.map(({ id, ...label }) => [id, label]));
  }

  /**
   * A connection's tables as a context shows them: each object with its tagged columns and its
   * connection's name and type, in one statement (the columns as one JSON array per table).
   * Unknown tables are left out.
   */
  async contextObjects(connectionId: string, tables: TableRef[]): Promise<ContextObject[]> {
    const { rows } = await this.searching.query<ContextObject>({
      name: 'catalog-context-objects',
      text: `select d.name as "connectionName", d.db_type as "dbType", o.schema_name as "schemaName",
                    o.name, o.kind, o.comment, o.row_estimate::float8 as "rowEstimate",
                    o.primary_key as "primaryKey", o.foreign_keys as "foreignKeys", o.indexes,
                    -- A row's own JSON: json_build_object looks up its arguments' types per call.
                    (select coalesce(json_agg(r order by r.ordinal), '[]')
                       from (select c.ordinal, c.name, c.data_type as "dataType", c.nullable,
                                    c.default_value as "defaultValue", c.comment, g.tag
                               from catalog_columns c
                               left join catalog_column_tags g on g.connection_id = o.connection_id
                                    and g.schema_name = o.schema_name and g.object_name = o.name
                                    and g.column_name = c.name
                              where c.object_id = o.id) r) as columns
               from unnest($2::text[], $3::text[]) as t(s, n)
               join catalog_objects o on o.connection_id = $1 and o.schema_name = t.s and o.name = t.n
               join data_connections d on d.id = o.connection_id`,
      values: [connectionId, tables.map((t) => t.schemaName), tables.map((t) => t.objectName)],
    });
    return rows;
  }

  /**
   * How many tables and views match by name, column name or comment. Each way of matching reads
   * at most `cap` rows (a word in every table's columns would otherwise count a million rows for
   * a label): `capped` says when one of them stopped there, and the total is then a lower bound.
   */
  async countMatches(
    query: Pick<CatalogSearchQuery, 'q' | 'schema' | 'kind'>,
    connectionIds: string[] | undefined,
    cap: number,
  ): Promise<{ total: number; capped: boolean }> {
    const only = `($5::text is null or o.schema_name = $5) and ($6::text is null or o.kind = $6)`;
    const within = (c: string) => `($4::uuid[] is null or ${c}.connection_id = any($4::uuid[]))`;
    // A column's table is read only when a schema or kind narrows the count, one row at a time.
    const ofTable = `($5::text is null and $6::text is null
                      or exists (select 1 from catalog_objects o where o.id = c.object_id and ${only}))`;
    // A question with a space is looked for only in names with one (see namesContaining).
    const byName = (question: string, contains: string) => `select o.id from catalog_objects o
          where ${question} and (${contains} or lower(o.name) = any($3::text[]))
                and ${within('o')} and ${only}`;
    // Named, on the search's connections: every branch starts from an index, under any plan.
    const { rows } = await this.searching.query<{ total: number; capped: boolean }>({
      name: 'catalog-count',
      text: `with by_name as (
         ${namesContaining('$1', '$2', byName)}
         limit $7),
       by_column as (
         select c.object_id as id
           from (select n.name from catalog_column_names n
                  where n.name like lower($2) or n.name = any($3::text[])) n
          cross join lateral (select c.object_id from catalog_columns c
                               where lower(c.name) = n.name and ${within('c')} and ${ofTable} limit $7) c
          limit $7),
       by_comment as (
         select o.id from catalog_objects o
          where o.comment is not null and to_tsvector('simple', coalesce(o.comment, '')) @@ plainto_tsquery('simple', $1)
                and ${within('o')} and ${only} limit $7),
       by_column_comment as (
         select c.object_id as id from catalog_columns c
          where c.comment is not null and to_tsvector('simple', coalesce(c.comment, '')) @@ plainto_tsquery('simple', $1)
                and ${within('c')} and ${ofTable} limit $7)
       select (select count(*) from (select id from by_name union select id from by_column
                 union select id from by_comment union select id from by_column_comment) m)::int as total,
              greatest((select count(*) from by_name), (select count(*) from by_column),
                       (select count(*) from by_comment), (select count(*) from by_column_comment)) >= $7
                as capped`,
      values: [
        query.q,
        likePattern(query.q),
        [query.q.toLowerCase(), ...identifierVariants(query.q)],
        connectionIds ?? null,
        query.schema ?? null,
        query.kind ?? null,
        cap,
      ],
    });
    return rows[0] ?? { total: 0, capped: false };
  }
}

/** A table of a context: the object with its tagged columns, and its connection. */
export interface ContextObject extends TaggedObject {
  connectionName: string;
  dbType: DbType;
}
