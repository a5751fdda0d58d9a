import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DATABASE_POOL } from '../../db/database';
import { inTransaction } from '../../db/database.repository';

/** pgvector's HNSW index takes vectors of at most this many dimensions. */
const MAX_INDEXED_DIMENSIONS = 2_000;
/** Rows a backfill converts per statement. */
const BACKFILL_BATCH = 500;
/** One backfill at a time across every process sharing the database. */
const BACKFILL_LOCK = 42_019;

/** A table near a question, by its best document's cosine similarity. */
export interface VectorHit {
  connectionId: string;
  schemaName: string;
  objectName: string;
  similarity: number;
}

/** pgvector's text form of a vector: `[0.1,0.2,…]`. */
export const vectorLiteral = (v: Float32Array) => `[${v.join(',')}]`;

/**
 * Catalog vectors searched by pgvector, when the database Sluice stores its metadata in has the
 * `vector` extension (an operator's `create extension vector` on an external DATABASE_URL; the
 * embedded server has none). Each document then also keeps its vector as `embedding vector`
 * (added here, not by a migration: the type exists only with the extension), beside the float4
 * bytes every deployment keeps; an HNSW index per dimension (cosine) answers the search, so no
 * process holds a connection's matrix. Vectors stored before the extension was created are
 * copied into `embedding` in the background; until then search ranks them by words only.
 */
@Injectable()
export class PgvectorRepository implements OnApplicationBootstrap, OnModuleDestroy {
  private detected?: Promise<boolean>;
  private readonly indexed = new Map<number, Promise<void>>();
  private backfilling?: Promise<void>;
  private stopping = false;
  private readonly logger = new Logger('CatalogIndex');

  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  onApplicationBootstrap(): void {
    this.backfilling = this.available()
      .then((on) => (on ? this.backfill() : 0))
      .then(
        (copied) => {
          if (copied > 0) this.logger.log(`Copied ${copied} stored vectors into pgvector`);
        },
        // The next start tries again; searches meanwhile rank what is not copied by its words.
        (error: Error) => this.logger.warn(`pgvector: ${error.message}`),
      );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.backfilling;
  }

  /** Whether pgvector is there (checked once per process; its column added on first sight). */
  available(): Promise<boolean> {
    // A failed check (the database unreachable) is asked again next time, not remembered.
    return (this.detected ??= this.detect().catch((error: unknown) => {
      this.detected = undefined;
      throw error;
    }));
  }

  /** Whether vectors of this size can be searched by pgvector's index. */
  async serves(dimensions: number): Promise<boolean> {
    return dimensions > 0 && dimensions <= MAX_INDEXED_DIMENSIONS && (await this.available());
  }

  /** The HNSW index of vectors of one size, built on the first write of that size. */
  ensureIndex(dimensions: number): Promise<void> {
    const n = dimensionsOf(dimensions);
    let made = this.indexed.get(n);
    if (!made) {
      made = this.pool
        .query(
          `create index if not exists catalog_documents_embedding_${n}_idx on catalog_documents
             using hnsw ((embedding::vector(${n})) vector_cosine_ops) where vector_dims(embedding) = ${n}`,
        )
        // Another process creating the same index at the same moment has made it too.
        .then(
          () => undefined,
          (error: { code?: string }) => {
            if (error.code !== '23505' && error.code !== '42P07') throw error;
          },
        );
      made.catch(() => this.indexed.delete(n));
      this.indexed.set(n, made);
    }
    return made;
  }

  /**
   * The rows nearest `query` by cosine among the connections given (all when null): the index
   * is scanned on until enough rows pass the filter (pgvector's iterative scan), so a
   * connection among many still gets its `limit`. A table's best part counts.
   */
  async search(
    query: Float32Array,
    model: string,
    connectionIds: string[] | null,
    limit: number,
  ): Promise<VectorHit[]> {
    const rows = await inTransaction(this.pool, async (client) => {
      await client.query(
        `select set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
        [String(Math.min(1_000, Math.max(40, limit * 2)))],
      );
      const found = await client.query<{ c: string; s: string; o: string; d: number }>(
        nearest(query, model, connectionIds, limit * 2),
      );
      return found.rows;
    });
    return bestPerTable(rows, limit);
  }

  /** How the search above is planned (for tests: it must use the index). */
  async plan(query: Float32Array, model: string, connectionIds: string[] | null): Promise<string> {
    const { text, values } = nearest(query, model, connectionIds, 10);
    const { rows } = await this.pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  /**
   * Copies stored vectors that have no `embedding` yet (written before the extension was
   * created) into it, a batch at a time, by one process at a time. Returns how many it copied.
   */
  async backfill(): Promise<number> {
    const client = await this.pool.connect();
    let copied = 0;
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock($1) as ok',
        [BACKFILL_LOCK],
      );
      if (!rows[0]?.ok) return 0;
      try {
        for (let n = BACKFILL_BATCH; n === BACKFILL_BATCH && !this.stopping;) {
          n = await this.backfillBatch(client);
          copied += n;
        }
      } finally {
        await client.query('select pg_advisory_unlock($1)', [BACKFILL_LOCK]);
      }
      return copied;
    } finally {
      client.release();
    }
  }

  private async backfillBatch(client: PoolClient): Promise<number> {
    const { rows } = await client.query<{ c: string; s: string; o: string; p: number; v: Buffer }>(
      `select connection_id as c, schema_name as s, object_name as o, part as p, vector as v
         from catalog_documents where vector is not null and embedding is null limit $1`,
      [BACKFILL_BATCH],
    );
    const sizes = new Set(rows.map((r) => r.v.byteLength / 4));
    // An index for each size first: building it over rows already filled would take longer.
    for (const size of sizes) if (size <= MAX_INDEXED_DIMENSIONS) await this.ensureIndex(size);
    await client.query(
      `update catalog_documents d set embedding = t.e::vector
         from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[]) as t(c, s, o, p, e)
        where d.connection_id = t.c and d.schema_name = t.s and d.object_name = t.o and d.part = t.p`,
      [
        rows.map((r) => r.c),
        rows.map((r) => r.s),
        rows.map((r) => r.o),
        rows.map((r) => r.p),
        rows.map((r) => vectorLiteral(floatsOf(r.v))),
      ],
    );
    return rows.length;
  }

  private async detect(): Promise<boolean> {
    const { rows } = await this.pool.query<{ ext: boolean; col: boolean }>(
      `select exists (select 1 from pg_extension where extname = 'vector') as ext,
              exists (select 1 from information_schema.columns
                       where table_schema = current_schema() and table_name = 'catalog_documents'
                         and column_name = 'embedding') as col`,
    );
    const { ext, col } = rows[0] ?? { ext: false, col: false };
    if (ext && !col)
      await this.pool.query(
        'alter table catalog_documents add column if not exists embedding vector',
      );
    return ext;
  }
}

/** The statement of a search: the `limit` rows nearest `query`, by pgvector's index of its size. */
function nearest(
  query: Float32Array,
  model: string,
  connectionIds: string[] | null,
  limit: number,
) {
  const n = dimensionsOf(query.length);
  return {
    text: `select connection_id as c, schema_name as s, object_name as o,
                  embedding::vector(${n}) <=> $1::vector(${n}) as d
             from catalog_documents
            where vector_dims(embedding) = ${n} and model = $2 and vector is not null
              and ($3::uuid[] is null or connection_id = any($3::uuid[]))
            order by embedding::vector(${n}) <=> $1::vector(${n})
            limit $4`,
    values: [vectorLiteral(query), model, connectionIds, limit],
  };
}

/** A vector size as an integer to write into SQL (it names an index and a type modifier). */
function dimensionsOf(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 16_000) throw new Error(`no vector of ${n} dimensions`);
  return n;
}

/** A stored vector's little-endian float4 bytes as floats (copied: a Buffer may start unaligned). */
const floatsOf = (b: Buffer) =>
  new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** Rows nearest first, one per table (its best part), at most `limit`. */
function bestPerTable(rows: { c: string; s: string; o: string; d: number }[], limit: number) {
  const seen = new Set<string>();
  const hits: VectorHit[] = [];
  for (const r of [...rows].sort((a, b) => a.d - b.d)) {
    const key = `${r.c}\u0000${r.s}\u0000${r.o}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ connectionId: r.c, schemaName: r.s, objectName: r.o, similarity: 1 - r.d });
    if (hits.length === limit) break;
  }
  return hits;
}
