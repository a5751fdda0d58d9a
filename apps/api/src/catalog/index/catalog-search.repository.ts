import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { CatalogSearchHit } from '@sluice/contracts';
import { DATABASE_POOL } from '../../db/database';
import type { TableRef } from './rank-fusion';

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

  /** A connection's documents' words, as tsvector text: what the word index is built from. */
  async words(connectionId: string) {
    const { rows } = await this.pool.query<{ s: string; o: string; w: string }>(
      `select schema_name as s, object_name as o, words::text as w from catalog_documents
        where connection_id = $1 order by schema_name, object_name, part`,
      [connectionId],
    );
    return rows;
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
   * reference and the tables referencing them, each with its own references. Lookups by key
   * and by the references' GIN index: nothing scans the connection's documents.
   */
  async neighbours(connectionId: string, tables: string[]) {
    const split = (names: string[]) => [
      names.map((n) => n.slice(0, n.indexOf('.'))),
      names.map((n) => n.slice(n.indexOf('.') + 1)),
    ];
    const byName = (names: string[]) =>
      this.pool.query<{ name: string; refs: string[] }>(
        `select d.schema_name || '.' || d.object_name as name, d.refs
           from unnest($2::text[], $3::text[]) as t(s, o)
           join catalog_documents d on d.connection_id = $1 and d.schema_name = t.s
                and d.object_name = t.o and d.part = 0`,
        [connectionId, ...split(names)],
      );
    const [selected, referencing] = await Promise.all([
      byName(tables),
      this.pool.query<{ name: string; refs: string[] }>(
        `select schema_name || '.' || object_name as name, refs from catalog_documents
          where connection_id = $1 and part = 0 and refs && $2::text[] limit 500`,
        [connectionId, tables],
      ),
    ]);
    const referenced = [...new Set(selected.rows.flatMap((r) => r.refs))].slice(0, 500);
    const outward = await byName(referenced);
    const all = new Map<string, string[]>();
    for (const row of [...selected.rows, ...referencing.rows, ...outward.rows])
      all.set(row.name, row.refs);
    return [...all].map(([name, refs]) => ({ name, refs }));
  }
}
