import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CatalogObject } from '@sluice/contracts';
import { COLUMN_SEPARATOR, TYPE_SEPARATOR } from './schema-diff';

/** The catalog's GIN indexes that take a sync's rows into a pending list. */
const PENDING_LISTS = [
  'catalog_objects_name_trgm_idx',
  'catalog_objects_comment_fts_idx',
  'catalog_columns_comment_fts_idx',
];

/** A table or view as the catalog holds it: its row's id and the hash of what was read. */
export interface StoredObject {
  id: string;
  hash: string | null;
  rowEstimate: number | null;
}

/** An object about to be written, under the id it keeps (a changed one keeps its old id). */
export interface NewObject {
  id: string;
  hash: string;
  object: CatalogObject;
}

/**
 * The rows of a catalog inside a sync's transaction: each statement takes arrays, so a batch of
 * a thousand tables and their twenty thousand columns is a few round trips.
 */
export const catalogRows = {
  /** Every object of the connection's catalog, by `schema.name`. */
  async stored(client: PoolClient, connectionId: string): Promise<Map<string, StoredObject>> {
    const { rows } = await client.query<{
      t: string;
      id: string;
      hash: string | null;
      rowEstimate: number | null;
    }>(
      `select schema_name || '.' || name as t, id, content_hash as hash,
              row_estimate::float8 as "rowEstimate"
         from catalog_objects where connection_id = $1`,
      [connectionId],
    );
    return new Map(rows.map((r) => [r.t, { id: r.id, hash: r.hash, rowEstimate: r.rowEstimate }]));
  },

  /** The stored columns of some objects, as a diff encodes them, by object id. */
  async shapes(client: PoolClient, ids: string[]): Promise<Map<string, string>> {
    const { rows } = await client.query<{ id: string; c: string }>(
      `select object_id as id, string_agg(name || $2 || data_type, $3 order by ordinal) as c
         from catalog_columns where object_id = any($1::uuid[]) group by object_id`,
      [ids, TYPE_SEPARATOR, COLUMN_SEPARATOR],
    );
    return new Map(rows.map((r) => [r.id, r.c]));
  },

  /** Removes objects; a statement trigger removes their columns. */
  async remove(client: PoolClient, ids: string[]): Promise<void> {
    if (ids.length > 0)
      await client.query('delete from catalog_objects where id = any($1::uuid[])', [ids]);
  },

  /** Row estimates change without anything else changing: those that did are updated in place. */
  async estimate(
    client: PoolClient,
    estimates: { id: string; rowEstimate: number | null }[],
  ): Promise<void> {
    if (estimates.length === 0) return;
    await client.query(
      `update catalog_objects o set row_estimate = u.r
         from unnest($1::uuid[], $2::int8[]) as u(id, r)
        where o.id = u.id`,
      [estimates.map((e) => e.id), estimates.map((e) => e.rowEstimate)],
    );
  },

  /**
   * Merges what a committed sync left in the GIN indexes' pending lists, so that searches read
   * the indexes alone. Autovacuum does it too, later: a failure here (a role that does not own
   * the indexes) only leaves it to autovacuum.
   */
  async settle(pool: Pool): Promise<void> {
    await pool
      .query(`select gin_clean_pending_list(i) from unnest($1::regclass[]) as i`, [PENDING_LISTS])
      .catch(() => undefined);
  },

  /** One multi-row insert for the objects and one per ten thousand of their columns. */
  async insert(client: PoolClient, connectionId: string, fresh: NewObject[]): Promise<void> {
    if (fresh.length === 0) return;
    const objects = fresh.map((f) => f.object);
    await client.query(
      `insert into catalog_objects
         (id, connection_id, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys,
          indexes, content_hash)
       select id, $1, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys, indexes, hash
         from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::jsonb[],
                     $9::jsonb[], $10::jsonb[], $11::text[])
           as u(id, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys, indexes, hash)`,
      [
        connectionId,
        fresh.map((f) => f.id),
        objects.map((o) => o.schemaName),
        objects.map((o) => o.name),
        objects.map((o) => o.kind),
        objects.map((o) => o.comment),
        objects.map((o) => o.rowEstimate),
        objects.map((o) => JSON.stringify(o.primaryKey)),
        objects.map((o) => JSON.stringify(o.foreignKeys)),
        objects.map((o) => JSON.stringify(o.indexes)),
        fresh.map((f) => f.hash),
      ],
    );
    await copyColumns(client, connectionId, fresh);
  },
};

/**
 * The objects' columns by COPY, in one stream: PostgreSQL inserts them in bulk (a fifth to a
 * quarter faster than `insert … select from unnest` at 200,000 columns), and they are sent as
 * they are written out rather than held as arrays.
 */
async function copyColumns(client: PoolClient, connectionId: string, fresh: NewObject[]) {
  const stream = client.query(
    copyFrom(`copy catalog_columns
                (object_id, connection_id, ordinal, name, data_type, nullable, default_value, comment)
              from stdin`),
  );
  let text = '';
  for (const { id, object } of fresh) {
    for (const c of object.columns)
      text += `${id}\t${connectionId}\t${c.ordinal}\t${field(c.name)}\t${field(c.dataType)}\t${c.nullable ? 't' : 'f'}\t${field(c.defaultValue)}\t${field(c.comment)}\n`;
    if (text.length >= COPY_CHUNK) {
      // Written as PostgreSQL takes it (a failed COPY rejects the wait).
      if (!stream.write(text)) await once(stream, 'drain');
      text = '';
    }
  }
  stream.end(text);
  await finished(stream);
}

/** A value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
function field(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** Characters of COPY text handed to the stream at a time. */
const COPY_CHUNK = 256 * 1024;
