import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DATABASE_POOL } from '../../db/database';

export type SyncStatus = 'ingesting' | 'queued' | 'failed';

/** The session lock a run holds for its whole life: two runs of one connection never overlap. */
const RUN_LOCK_SQL = (fn: string) =>
  `select ${fn}(hashtext('sluice.schema-sync'), hashtext($1)) as locked`;

/** A connection's schema-sync columns (status, progress, the job it belongs to) and run locks. */
@Injectable()
export class SchemaSyncRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /** The connection's current job, its row locked in `tx`; null when there is no connection. */
  async lockJobOf(
    tx: PoolClient,
    connectionId: string,
  ): Promise<{ job: string | null; active: boolean; name: string } | null> {
    const { rows } = await tx.query<{ job: string | null; active: boolean; name: string }>(
      'select schema_job_id as job, is_active as active, name from data_connections where id = $1 for update',
      [connectionId],
    );
    return rows[0] ?? null;
  }

  /** The connection's current job; null when there is no connection. */
  async jobOf(connectionId: string): Promise<{ job: string | null } | null> {
    const { rows } = await this.pool.query<{ job: string | null }>(
      'select schema_job_id as job from data_connections where id = $1::uuid',
      [connectionId],
    );
    return rows[0] ?? null;
  }

  async markQueued(tx: PoolClient, connectionId: string, jobId: string): Promise<void> {
    await tx.query(
      `update data_connections set schema_job_id = $2, schema_status = 'queued', schema_message = null,
              schema_tables_done = null, schema_tables_total = null where id = $1`,
      [connectionId, jobId],
    );
  }

  /** Back to what the catalog holds, unless a newer sync took the connection over. */
  async markCancelled(
    connectionId: string,
    jobId: string,
    message = 'The last sync was cancelled',
  ): Promise<void> {
    await this.pool.query(
      `update data_connections
          set schema_status = case when schema_ingested_at is null then 'not_ingested'::schema_status else 'ready'::schema_status end,
              schema_message = $3, schema_job_id = null,
              schema_tables_done = null, schema_tables_total = null
        where id = $1 and schema_job_id = $2`,
      [connectionId, jobId, message],
    );
  }

  /** The connection's status, unless a newer sync took it over in the meantime. */
  async setStatus(
    jobId: string,
    connectionId: string,
    status: SyncStatus,
    message: string | null,
    progress: { done: number; total: number | null } | null,
    finished = false,
  ): Promise<void> {
    await this.pool.query(
      `update data_connections
          set schema_status = $3, schema_message = $4,
              schema_tables_done = $5, schema_tables_total = $6,
              schema_job_id = case when $7 then null else schema_job_id end
        where id = $1 and schema_job_id = $2`,
      [
        connectionId,
        jobId,
        status,
        message,
        progress?.done ?? null,
        progress?.total ?? null,
        finished,
      ],
    );
  }

  /** Progress seen outside the catalog's transaction: tables listed, and tables written. */
  async setProgress(
    connectionId: string,
    progress: { total: number; done?: number } | { done: number },
  ): Promise<void> {
    if ('total' in progress)
      await this.pool.query(
        `update data_connections set schema_tables_total = $2,
                schema_tables_done = coalesce($3, schema_tables_done) where id = $1`,
        [connectionId, progress.total, progress.done ?? null],
      );
    else
      await this.pool.query('update data_connections set schema_tables_done = $2 where id = $1', [
        connectionId,
        progress.done,
      ]);
  }

  /** Runs `work` holding the connection's run lock, waiting for it if another run holds it. */
  async withRunLock<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const lock = await this.pool.connect();
    try {
      await lock.query(RUN_LOCK_SQL('pg_advisory_lock'), [connectionId]);
      return await work();
    } finally {
      await lock.query(RUN_LOCK_SQL('pg_advisory_unlock'), [connectionId]).catch(() => undefined);
      lock.release();
    }
  }

  /** Runs `work` on the lock's client if the run lock is free; false when a run holds it. */
  async withRunLockIfFree(
    connectionId: string,
    work: (client: PoolClient) => Promise<void>,
  ): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        RUN_LOCK_SQL('pg_try_advisory_lock'),
        [connectionId],
      );
      if (!rows[0]?.locked) return false;
      try {
        await work(client);
      } finally {
        await client.query(RUN_LOCK_SQL('pg_advisory_unlock'), [connectionId]);
      }
      return true;
    } finally {
      client.release();
    }
  }
}
