import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { CatalogObject } from '@sluice/contracts';
import { DATABASE_POOL } from '../db/database';
import { HeapBudget } from '../common/heap-budget';
import { timeOrderedId } from '../common/time-ordered-id';
import { CatalogComparison, isEmptyDiff, shapeOf, tableKey, type SchemaDiff } from './schema-diff';
import { catalogRows, type NewObject, type StoredObject } from './catalog-rows.repository';

const OBJECT_BATCH = 1000;
const NAME_BATCH = 10_000;
/** The heap a sync lets written batches take before they are collected (see HeapBudget). */
const SYNC_HEAP_BUDGET_MB = 96;

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

/** What a re-sync compares: everything read of a table but its row estimate, hashed. */
export function contentHash(o: CatalogObject): string {
  const read = [o.schemaName, o.name, o.kind, o.comment, o.primaryKey, o.foreignKeys, o.indexes];
  return createHash('sha256')
    .update(JSON.stringify([...read, o.columns]))
    .digest('base64url');
}

/** Replaces a connection's catalog in one transaction: readers see the old one or the new one. */
@Injectable()
export class CatalogWriteRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /**
   * Begins replacing a connection's catalog. Each batch is written as it comes: a table read as
   * it was stored (same hash) keeps its row and only its row estimate is updated; a changed one
   * is compared with its stored columns and rewritten under its id; a new one is inserted. What
   * the read never reached is removed at the end. In memory: a batch, and the stored objects'
   * names, ids and hashes.
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
    let stored: Map<string, StoredObject>;
    try {
      await client.query('begin');
      // One writer per connection: a second one waits here rather than interleaving.
      await client.query(`select pg_advisory_xact_lock(hashtext('sluice.catalog'), hashtext($1))`, [
        connectionId,
      ]);
      stored = await catalogRows.stored(client, connectionId);
    } catch (error) {
      await end('rollback').catch(() => undefined);
      throw error;
    }
    const comparison = new CatalogComparison();
    const heap = new HeapBudget(SYNC_HEAP_BUDGET_MB);
    let tables = 0;
    let columns = 0;
    return {
      add: async (objects) => {
        if (await hooks.isCancelled(client)) throw new SyncCancelledError();
        for (let start = 0; start < objects.length; start += OBJECT_BATCH) {
          const batch = objects.slice(start, start + OBJECT_BATCH);
          await this.write(client, connectionId, batch, stored, comparison);
          tables += batch.length;
          for (const o of batch) columns += o.columns.length;
          await hooks.onProgress(tables);
        }
        heap.reclaim();
      },
      finish: async () => {
        try {
          if (await hooks.isCancelled(client)) throw new SyncCancelledError();
          const gone = [...stored];
          for (const [table] of gone) comparison.expect(table, '');
          for (let start = 0; start < gone.length; start += OBJECT_BATCH) {
            const part = gone.slice(start, start + OBJECT_BATCH);
            await catalogRows.remove(
              client,
              part.map(([, o]) => o.id),
            );
          }
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
          await catalogRows.settle(this.pool);
          return { tables, columns, diff };
        } catch (error) {
          await end('rollback').catch(() => undefined);
          throw error;
        }
      },
      abort: () => end('rollback').catch(() => undefined),
    };
  }

  /** One batch: kept, rewritten or inserted, each table compared with what was stored. */
  private async write(
    client: PoolClient,
    connectionId: string,
    batch: CatalogObject[],
    stored: Map<string, StoredObject>,
    comparison: CatalogComparison,
  ): Promise<void> {
    const fresh: NewObject[] = [];
    const changed = new Map<string, string>();
    const estimates: { id: string; rowEstimate: number | null }[] = [];
    for (const object of batch) {
      const table = tableKey(object.schemaName, object.name);
      const hash = contentHash(object);
      const before = stored.get(table);
      stored.delete(table);
      if (before?.hash === hash) {
        if (before.rowEstimate !== object.rowEstimate)
          estimates.push({ id: before.id, rowEstimate: object.rowEstimate });
        continue;
      }
      if (before) changed.set(before.id, table);
      fresh.push({ id: before?.id ?? timeOrderedId(), hash, object });
    }
    if (changed.size > 0) {
      const ids = [...changed.keys()];
      const shapes = await catalogRows.shapes(client, ids);
      for (const [id, table] of changed) comparison.expect(table, shapes.get(id) ?? '');
      await catalogRows.remove(client, ids);
    }
    const written = fresh.map((f) => f.object);
    comparison.add(shapeOf(written));
    await this.addColumnNames(written);
    await catalogRows.insert(client, connectionId, fresh);
    await catalogRows.estimate(client, estimates);
  }

  /**
   * Search's dictionary of column names, outside the sync's transaction so that concurrent syncs
   * never wait on each other's names; in sorted order, so that they never deadlock either.
   */
  private async addColumnNames(objects: CatalogObject[]): Promise<void> {
    if (objects.length === 0) return;
    const names = new Set<string>();
    for (const o of objects) for (const c of o.columns) names.add(c.name.toLowerCase());
    const sorted = [...names].sort();
    for (let start = 0; start < sorted.length; start += NAME_BATCH) {
      await this.pool.query(
        `insert into catalog_column_names (name) select unnest($1::text[]) on conflict do nothing`,
        [sorted.slice(start, start + NAME_BATCH)],
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
}
