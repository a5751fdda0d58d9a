import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EmbeddingState, EmbeddingStatus } from '@sluice/contracts';
import { DATABASE_POOL } from '../../db/database';
import type { CatalogDocument } from './catalog-documents';
import { PgvectorRepository, vectorLiteral } from './pgvector.repository';

/** A document's place: connection, schema, table and part. */
export const documentKey = (schema: string, table: string, part: number) =>
  `${schema}\u0000${table}\u0000${part}`;

export interface StoredDocument {
  contentHash: string;
  model: string | null;
  source: string | null;
}

/** A table as an index run first sees it: what its documents would be made from. */
export interface TableSource {
  schemaName: string;
  name: string;
  /** The sync's hash of the table (null for a catalog synced before it existed). */
  contentHash: string | null;
  hidden: string[];
}

export interface StatusPatch {
  state: EmbeddingState;
  model: string | null;
  done?: number;
  total?: number | null;
  message?: string | null;
}

/** Writes the catalog's search index: documents (words, references, vectors) and each run's status. */
@Injectable()
export class CatalogIndexRepository {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly pgvector: PgvectorRepository,
  ) {}

  async status(connectionId: string, model: string | null): Promise<EmbeddingStatus> {
    const [{ rows }, { rows: counted }] = await Promise.all([
      this.pool.query<Omit<EmbeddingStatus, 'embedded'>>(
        `select state, model, done, total, message, updated_at as "updatedAt"
           from catalog_index_status where connection_id = $1`,
        [connectionId],
      ),
      this.pool.query<{ n: number }>(
        `select count(*)::int as n from catalog_documents
          where connection_id = $1 and part = 0 and model = $2 and vector is not null`,
        [connectionId, model],
      ),
    ]);
    const row = rows[0];
    return {
      state: row?.state ?? 'off',
      model: row?.model ?? model,
      done: row?.done ?? 0,
      total: row?.total ?? null,
      embedded: counted[0]?.n ?? 0,
      message: row?.message ?? null,
      updatedAt: row ? new Date(row.updatedAt as unknown as Date).toISOString() : null,
    };
  }

  async setStatus(connectionId: string, patch: StatusPatch): Promise<void> {
    await this.pool.query(
      `insert into catalog_index_status as s (connection_id, state, model, done, total, message)
       values ($1, $2, $3, coalesce($4, 0), $5, $6)
       on conflict (connection_id) do update set state = $2, model = $3,
              done = coalesce($4, s.done), total = case when $7 then $5 else s.total end,
              message = $6, updated_at = now()`,
      [
        connectionId,
        patch.state,
        patch.model,
        patch.done ?? null,
        patch.total ?? null,
        patch.message ?? null,
        patch.total !== undefined,
      ],
    );
  }

  /** Marks a connection's index run as waiting, unless one is running (it shows its progress). */
  async markQueued(connectionId: string, model: string | null): Promise<void> {
    await this.pool.query(
      `insert into catalog_index_status as s (connection_id, state, model) values ($1, 'queued', $2)
       on conflict (connection_id) do update set state = 'queued', model = $2, message = null,
              updated_at = now() where s.state <> 'running'`,
      [connectionId, model],
    );
  }

  async objectCount(connectionId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'select count(*)::int as n from catalog_objects where connection_id = $1',
      [connectionId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Tells every process that this connection's vectors changed. */
  async bumpVersion(connectionId: string): Promise<void> {
    await this.pool.query(
      'update catalog_index_status set version = version + 1 where connection_id = $1',
      [connectionId],
    );
  }

  async stored(connectionId: string): Promise<Map<string, StoredDocument>> {
    const { rows } = await this.pool.query<{
      s: string;
      o: string;
      p: number;
      h: string;
      m: string | null;
      src: string | null;
    }>(
      `select schema_name as s, object_name as o, part as p, content_hash as h,
              case when vector is null then null else model end as m, source_hash as src
         from catalog_documents where connection_id = $1`,
      [connectionId],
    );
    return new Map(
      rows.map((r) => [
        documentKey(r.s, r.o, r.p),
        { contentHash: r.h, model: r.m, source: r.src },
      ]),
    );
  }

  /** Each table of the catalog with its sync hash and hidden columns, without its columns. */
  async sources(connectionId: string): Promise<TableSource[]> {
    const { rows } = await this.pool.query<TableSource>(
      `select o.schema_name as "schemaName", o.name, o.content_hash as "contentHash",
              array(select g.column_name from catalog_column_tags g
                     where g.connection_id = o.connection_id and g.schema_name = o.schema_name
                       and g.object_name = o.name and g.tag = 'hidden'
                     order by g.column_name) as hidden
         from catalog_objects o where o.connection_id = $1
        order by o.schema_name, o.name`,
      [connectionId],
    );
    return rows;
  }

  /** Documents whose text is unchanged but whose source changed: only the source is noted. */
  async noteSources(connectionId: string, docs: CatalogDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.pool.query(
      `update catalog_documents d set source_hash = t.src
         from unnest($2::text[], $3::text[], $4::int[], $5::text[]) as t(s, o, p, src)
        where d.connection_id = $1 and d.schema_name = t.s and d.object_name = t.o and d.part = t.p`,
      [
        connectionId,
        docs.map((d) => d.schemaName),
        docs.map((d) => d.objectName),
        docs.map((d) => d.part),
        docs.map((d) => d.sourceHash),
      ],
    );
  }

  /**
   * Writes documents whose content changed (their old vectors go with it), and drops the parts
   * a narrower table no longer has.
   */
  async upsert(connectionId: string, docs: CatalogDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.pool.query(
      `insert into catalog_documents as d
              (connection_id, schema_name, object_name, part, content_hash, words, refs, source_hash)
       select $1, s, o, p, h,
              setweight(to_tsvector('simple', a), 'A') || setweight(to_tsvector('simple', b), 'B')
                || setweight(to_tsvector('simple', c), 'C'),
              coalesce((select array_agg(x) from jsonb_array_elements_text(r) x), '{}'), src
         from unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::jsonb[], $10::text[]) as t(s, o, p, h, a, b, c, r, src)
       on conflict (connection_id, schema_name, object_name, part) do update
          set content_hash = excluded.content_hash, words = excluded.words, refs = excluded.refs,
              source_hash = excluded.source_hash, model = null, vector = null, updated_at = now()
              ${(await this.pgvector.available()) ? ', embedding = null' : ''}`,
      [
        connectionId,
        docs.map((d) => d.schemaName),
        docs.map((d) => d.objectName),
        docs.map((d) => d.part),
        docs.map((d) => d.contentHash),
        docs.map((d) => d.nameWords),
        docs.map((d) => d.columnWords),
        docs.map((d) => d.commentWords),
        docs.map((d) => JSON.stringify(d.refs)),
        docs.map((d) => d.sourceHash),
      ],
    );
  }

  async setVectors(
    connectionId: string,
    model: string,
    docs: { doc: CatalogDocument; vector: Float32Array }[],
  ): Promise<void> {
    if (docs.length === 0) return;
    // With pgvector, the same vector in its own type too (null for sizes its index cannot take).
    const withEmbedding = await this.pgvector.available();
    const indexed = await this.pgvector.serves(docs[0]!.vector.length);
    if (indexed) await this.pgvector.ensureIndex(docs[0]!.vector.length);
    await this.pool.query(
      `update catalog_documents d set model = $2, vector = t.v, updated_at = now()
              ${withEmbedding ? ', embedding = ($8::text[])[t.n::int]::vector' : ''}
         from unnest($3::text[], $4::text[], $5::int[], $6::text[], $7::bytea[])
              with ordinality as t(s, o, p, h, v, n)
        where d.connection_id = $1 and d.schema_name = t.s and d.object_name = t.o
          and d.part = t.p and d.content_hash = t.h`,
      [
        connectionId,
        model,
        docs.map((d) => d.doc.schemaName),
        docs.map((d) => d.doc.objectName),
        docs.map((d) => d.doc.part),
        docs.map((d) => d.doc.contentHash),
        docs.map((d) => Buffer.from(d.vector.buffer, d.vector.byteOffset, d.vector.byteLength)),
        ...(withEmbedding ? [docs.map((d) => (indexed ? vectorLiteral(d.vector) : null))] : []),
      ],
    );
  }

  /** Removes the documents of these keys (tables or parts the catalog no longer has). */
  async prune(connectionId: string, stale: string[]): Promise<number> {
    if (stale.length === 0) return 0;
    const parts = stale.map((k) => k.split('\u0000'));
    await this.pool.query(
      `delete from catalog_documents d using unnest($2::text[], $3::text[], $4::int[]) as t(s, o, p)
        where d.connection_id = $1 and d.schema_name = t.s and d.object_name = t.o and d.part = t.p`,
      [
        connectionId,
        parts.map((p) => p[0]),
        parts.map((p) => p[1]),
        parts.map((p) => Number(p[2])),
      ],
    );
    return stale.length;
  }

  /** Connections with a catalog whose documents are missing or were embedded by another model. */
  async staleConnections(model: string | null): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `select d.id from data_connections d
        where d.schema_ingested_at is not null and (
              not exists (select 1 from catalog_documents c where c.connection_id = d.id)
              or ($1::text is not null and exists (select 1 from catalog_documents c
                   where c.connection_id = d.id and c.model is distinct from $1)))`,
      [model],
    );
    return rows.map((r) => r.id);
  }
}
