import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { CatalogSearchHit, MatchReason } from '@sluice/contracts';
import { DATABASE_POOL } from '../../db/database';
import type { TableRef } from './rank-fusion';

/** One table found by its words, with what matched. */
export interface WordHit {
  connectionId: string;
  schemaName: string;
  objectName: string;
  rank: number;
  reasons: MatchReason[];
}

/** Reads the catalog's search index: words, vectors, versions, and foreign-key neighbours. */
@Injectable()
export class CatalogSearchRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /** Every connection's index version (one small row per connection). */
  async versions(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ id: string; version: number }>(
      'select connection_id as id, version from catalog_index_status',
    );
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** Every vector of a connection made by `model`, in one pass. */
  async vectors(connectionId: string, model: string) {
    const { rows } = await this.pool.query<{ s: string; o: string; v: Buffer }>(
      `select schema_name as s, object_name as o, vector as v from catalog_documents
        where connection_id = $1 and model = $2 and vector is not null`,
      [connectionId, model],
    );
    return rows;
  }

  /**
   * Tables whose words match a full-text query, best first: the table's name weighs most, then
   * its columns' names, then comments.
   */
  async searchWords(
    tsQuery: string,
    connectionIds: string[] | null,
    limit: number,
  ): Promise<WordHit[]> {
    const { rows } = await this.pool.query<WordHit & { a: boolean; b: boolean; c: boolean }>(
      `with q as (select to_tsquery('simple', $1) as q)
       select d.connection_id as "connectionId", d.schema_name as "schemaName",
              d.object_name as "objectName", max(ts_rank(d.words, q.q)) as rank,
              bool_or(ts_filter(d.words, '{a}') @@ q.q) as a,
              bool_or(ts_filter(d.words, '{b}') @@ q.q) as b,
              bool_or(ts_filter(d.words, '{c}') @@ q.q) as c
         from catalog_documents d, q
        where d.words @@ q.q and ($2::uuid[] is null or d.connection_id = any($2::uuid[]))
        group by 1, 2, 3 order by rank desc, 2, 3 limit $3`,
      [tsQuery, connectionIds, limit],
    );
    return rows.map(({ a, b, c, ...hit }) => ({
      ...hit,
      reasons: [
        ...(a ? ['name' as const] : []),
        ...(b ? ['column' as const] : []),
        ...(c ? ['comment' as const] : []),
      ],
    }));
  }

  /** Tables as search hits of their own (no column), in the order asked; unknown ones left out. */
  async tableHits(tables: TableRef[]): Promise<CatalogSearchHit[]> {
    if (tables.length === 0) return [];
    const { rows } = await this.pool.query<CatalogSearchHit & { n: number }>(
      `select t.n, o.connection_id as "connectionId", d.name as "connectionName",
              d.db_type as "dbType", o.schema_name as "schemaName", o.name as "objectName",
              o.kind as "objectKind", null as "columnName", null as "dataType", o.comment,
              'table' as matched, '{}'::text[] as reasons, 0::float8 as score, null as tag
         from unnest($1::uuid[], $2::text[], $3::text[]) with ordinality as t(c, s, o, n)
         join catalog_objects o on o.connection_id = t.c and o.schema_name = t.s and o.name = t.o
         join data_connections d on d.id = o.connection_id
        order by t.n`,
      [
        tables.map((t) => t.connectionId),
        tables.map((t) => t.schemaName),
        tables.map((t) => t.objectName),
      ],
    );
    return rows.map(({ n: _n, ...hit }) => hit);
  }

  /**
   * The foreign-key neighbours of `tables` (`schema.table`) in a connection: the tables they
   * reference and the tables referencing them, each with its own references.
   */
  async neighbours(connectionId: string, tables: string[]) {
    const { rows } = await this.pool.query<{ name: string; refs: string[] }>(
      `select schema_name || '.' || object_name as name, refs from catalog_documents
        where connection_id = $1 and part = 0
          and (refs && $2::text[] or schema_name || '.' || object_name = any(
                 select unnest(refs) from catalog_documents
                  where connection_id = $1 and part = 0
                    and schema_name || '.' || object_name = any($2::text[])))
        limit 1000`,
      [connectionId, tables],
    );
    return rows;
  }
}
