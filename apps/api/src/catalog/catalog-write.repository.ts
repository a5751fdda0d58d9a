import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { CatalogObject } from '@sluice/contracts';
import { DATABASE_POOL } from '../db/database';
import {
  CatalogComparison,
  isEmptyDiff,
  shapeOf,
  COLUMN_SEPARATOR,
  TYPE_SEPARATOR,
  type CatalogShape,
  type SchemaDiff,
} from './schema-diff';

const OBJECT_BATCH = 1000;
const COLUMN_BATCH = 10_000;

export class SyncCancelledError extends Error {
  constructor() {
    super('The sync was cancelled');
  }
}

export interface WriteHooks {
  /** The sync writing: the connection's status is its own only while it is the connection's job. */
  jobId: string;
  /** Tables written so far, seen outside the transaction. */
  onProgress(tablesDone: number): Promise<void>;
  /** Asked between batches and before commit: true rolls everything back. */
  isCancelled(client: PoolClient): Promise<boolean>;
}

export interface WriteResult {
  tables: number;
  columns: number;
  diff: SchemaDiff | null;
}

/** A catalog being replaced: batches go in as they are read, all in one transaction. */
export interface CatalogWrite {
  add(objects: CatalogObject[]): Promise<void>;
  /** Compares with the catalog before, sets the connection ready, commits. */
  finish(): Promise<WriteResult>;
  /** Rolls everything back: readers never saw any of it. */
  abort(): Promise<void>;
}

/** Replaces a connection's catalog in one transaction: readers see the old one or the new one. */
@Injectable()
export class CatalogWriteRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /**
   * Begins replacing a connection's catalog: the old one is read for the comparison and removed
   * inside the transaction, then each batch is written as it comes; the catalog in memory is
   * never more than a batch (and the old catalog's table shapes, let go of as they are compared).
   */
  async open(connectionId: string, hooks: WriteHooks): Promise<CatalogWrite> {
    const client = await this.pool.connect();
    let ended = false;
    const end = async (statement: 'commit' | 'rollback') => {
      if (ended) return;
      ended = true;
      try {
        await client.query(statement);
      } finally {
        client.release();
      }
    };
    let comparison: CatalogComparison;
    try {
      await client.query('begin');
      // One writer per connection: a second one waits here rather than interleaving.
      await client.query(`select pg_advisory_xact_lock(hashtext('sluice.catalog'), hashtext($1))`, [
        connectionId,
      ]);
      comparison = new CatalogComparison(await this.shape(client, connectionId));
      await client.query('delete from catalog_columns where connection_id = $1', [connectionId]);
      await client.query('delete from catalog_objects where connection_id = $1', [connectionId]);
    } catch (error) {
      await end('rollback').catch(() => undefined);
      throw error;
    }
    let tables = 0;
    let columns = 0;
    return {
      add: async (objects) => {
        if (await hooks.isCancelled(client)) throw new SyncCancelledError();
        await this.addColumnNames(objects);
        for (let start = 0; start < objects.length; start += OBJECT_BATCH) {
          const batch = objects.slice(start, start + OBJECT_BATCH);
          columns += await this.insertBatch(client, connectionId, batch);
          comparison.add(shapeOf(batch));
          tables += batch.length;
          await hooks.onProgress(tables);
        }
      },
      finish: async () => {
        try {
          if (await hooks.isCancelled(client)) throw new SyncCancelledError();
          // The first sync of a connection has nothing to compare with.
          const diff = (await this.hadCatalog(client, connectionId)) ? comparison.result() : null;
          if (diff && !isEmptyDiff(diff)) {
            await client.query(
              'insert into schema_changes (connection_id, changes) values ($1, $2)',
              [connectionId, JSON.stringify(diff)],
            );
          }
          await client.query(
            // The status is this run's to set only while no newer sync has taken the connection over.
            `update data_connections
                set schema_ingested_at = now(), schema_message = $2,
                    schema_status = case when schema_job_id = $3 then 'ready' else schema_status end,
                    schema_tables_done = case when schema_job_id = $3 then null else schema_tables_done end,
                    schema_tables_total = case when schema_job_id = $3 then null else schema_tables_total end,
                    schema_job_id = case when schema_job_id = $3 then null else schema_job_id end
              where id = $1`,
            [connectionId, `${tables} tables and views, ${columns} columns`, hooks.jobId],
          );
          await end('commit');
          return { tables, columns, diff };
        } catch (error) {
          await end('rollback').catch(() => undefined);
          throw error;
        }
      },
      abort: () => end('rollback').catch(() => undefined),
    };
  }

  /**
   * Search's dictionary of column names, outside the sync's transaction so that concurrent syncs
   * never wait on each other's names; in sorted order, so that they never deadlock either.
   */
  private async addColumnNames(objects: CatalogObject[]): Promise<void> {
    const names = new Set<string>();
    for (const o of objects) for (const c of o.columns) names.add(c.name.toLowerCase());
    const sorted = [...names].sort();
    for (let start = 0; start < sorted.length; start += COLUMN_BATCH) {
      await this.pool.query(
        `insert into catalog_column_names (name) select unnest($1::text[]) on conflict do nothing`,
        [sorted.slice(start, start + COLUMN_BATCH)],
      );
    }
  }

  private async hadCatalog(client: PoolClient, connectionId: string): Promise<boolean> {
    const { rows } = await client.query<{ at: Date | null }>(
      'select schema_ingested_at as at from data_connections where id = $1',
      [connectionId],
    );
    return rows[0]?.at != null;
  }

  private async shape(client: PoolClient, connectionId: string): Promise<CatalogShape> {
    const { rows } = await client.query<{ t: string; c: string | null }>({
      text: `select o.schema_name || '.' || o.name as t,
                    (select string_agg(c.name || $2 || c.data_type, $3 order by c.ordinal)
                       from catalog_columns c where c.object_id = o.id) as c
               from catalog_objects o
              where o.connection_id = $1`,
      values: [connectionId, TYPE_SEPARATOR, COLUMN_SEPARATOR],
    });
    return new Map(rows.map((r) => [r.t, r.c ?? '']));
  }

  /** One multi-row insert per batch of objects and per batch of their columns, from arrays. */
  private async insertBatch(
    client: PoolClient,
    connectionId: string,
    batch: CatalogObject[],
  ): Promise<number> {
    const ids = batch.map(() => randomUUID());
    await client.query(
      `insert into catalog_objects
         (id, connection_id, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys, indexes)
       select id, $1, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys, indexes
         from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::jsonb[], $9::jsonb[], $10::jsonb[])
           as u(id, schema_name, name, kind, comment, row_estimate, primary_key, foreign_keys, indexes)`,
      [
        connectionId,
        ids,
        batch.map((o) => o.schemaName),
        batch.map((o) => o.name),
        batch.map((o) => o.kind),
        batch.map((o) => o.comment),
        batch.map((o) => o.rowEstimate),
        batch.map((o) => JSON.stringify(o.primaryKey)),
        batch.map((o) => JSON.stringify(o.foreignKeys)),
        batch.map((o) => JSON.stringify(o.indexes)),
      ],
    );
    const rows = batch.flatMap((o, i) => o.columns.map((c) => ({ id: ids[i]!, c })));
    for (let start = 0; start < rows.length; start += COLUMN_BATCH) {
      const part = rows.slice(start, start + COLUMN_BATCH);
      await client.query(
        `insert into catalog_columns
           (object_id, connection_id, ordinal, name, data_type, nullable, default_value, comment)
         select object_id, $1, ordinal, name, data_type, nullable, default_value, comment
           from unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::text[])
             as u(object_id, ordinal, name, data_type, nullable, default_value, comment)`,
        [
          connectionId,
          part.map((r) => r.id),
          part.map((r) => r.c.ordinal),
          part.map((r) => r.c.name),
          part.map((r) => r.c.dataType),
          part.map((r) => r.c.nullable),
          part.map((r) => r.c.defaultValue),
          part.map((r) => r.c.comment),
        ],
      );
    }
    return rows.length;
  }
}
