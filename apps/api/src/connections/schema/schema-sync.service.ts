import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { SchemaSync } from '@sluice/contracts';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/auth-user';
import { DomainError, notFound } from '../../common/domain-error';
import { DATABASE_POOL } from '../../db/database';
import { ChangeFeed } from '../../db/change-feed';
import {
  executorOf,
  OPEN_JOB_STATES,
  SCHEMA_SYNC_QUEUE,
  SchemaSyncQueue,
  toSchemaSync,
  type SchemaSyncData,
} from './schema-sync.queue';

/** Why a sync was asked for, as the audit log records it. */
export type SyncReason = 'created' | 'changed' | 'requested';

/** Enqueues, shows and cancels a connection's schema sync: at most one queued or running each. */
@Injectable()
export class SchemaSyncService {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly queue: SchemaSyncQueue,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  /** The sync queued or running for the connection, or a new one: never a second. */
  async enqueue(connectionId: string, actor: Actor, reason: SyncReason): Promise<SchemaSync> {
    await this.queue.start();
    const client = await this.pool.connect();
    let jobId: string;
    let created = false;
    let superseded: string | undefined;
    try {
      await client.query('begin');
      const { rows } = await client.query<{ job: string | null }>(
        'select schema_job_id as job from data_connections where id = $1 for update',
        [connectionId],
      );
      if (rows.length === 0) throw notFound('Connection');
      const open = rows[0]?.job
        ? (
            await client.query<{ id: string; state: string }>(
              'select id, state from pgboss.job where id = $1 and state = any($2::pgboss.job_state[])',
              [rows[0].job, OPEN_JOB_STATES],
            )
          ).rows[0]
        : undefined;
      // A running sync read the connection's fields before they changed: a new one supersedes it.
      if (open && reason === 'changed' && open.state === 'active') {
        await this.queue.boss.cancel(SCHEMA_SYNC_QUEUE, open.id);
        superseded = open.id;
      }
      if (open && !superseded) {
        jobId = open.id;
      } else {
        const requestedBy = actor.userId;
        const sent = await this.queue.boss.send(
          SCHEMA_SYNC_QUEUE,
          { connectionId, requestedBy } satisfies SchemaSyncData,
          { db: executorOf(client), priority: await this.queue.fairPriority(requestedBy, client) },
        );
        if (!sent) throw new Error('pg-boss did not accept the schema sync');
        jobId = sent;
        created = true;
        await client.query(
          `update data_connections set schema_job_id = $2, schema_status = 'queued', schema_message = null,
                  schema_tables_done = null, schema_tables_total = null where id = $1`,
          [connectionId, jobId],
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (created) {
      this.changes.changed('data_connections');
      await this.audit.record(actor, {
        action: 'connections:schema_sync_queued',
        resourceType: 'connection',
        resourceId: connectionId,
        details: { jobId, reason, ...(superseded && { superseded }) },
      });
    }
    return this.sync(jobId);
  }

  /** The sync queued or running now, else the last one; null when there never was one. */
  async current(connectionId: string): Promise<SchemaSync | null> {
    await this.queue.start();
    const { rows } = await this.pool.query<{ job: string | null; exists: boolean }>(
      `select coalesce(d.schema_job_id, (select j.id from pgboss.job j
                 where j.name = $2 and j.data->>'connectionId' = $1 order by j.created_on desc limit 1),
               (select a.id from pgboss.archive a
                 where a.name = $2 and a.data->>'connectionId' = $1 order by a.created_on desc limit 1)) as job
         from data_connections d where d.id = $1::uuid`,
      [connectionId, SCHEMA_SYNC_QUEUE],
    );
    if (rows.length === 0) throw notFound('Connection');
    return rows[0]?.job ? this.sync(rows[0].job) : null;
  }

  /** Cancels the queued or running sync; a running one stops before it writes anything. */
  async cancel(connectionId: string, actor: Actor): Promise<SchemaSync> {
    await this.queue.start();
    const { rows } = await this.pool.query<{ job: string | null }>(
      'select schema_job_id as job from data_connections where id = $1',
      [connectionId],
    );
    if (rows.length === 0) throw notFound('Connection');
    const job = rows[0]?.job ? await this.queue.job(rows[0].job) : null;
    if (!job || !OPEN_JOB_STATES.includes(job.state)) {
      throw new DomainError('CONFLICT', 'No schema sync is queued or running for this connection');
    }
    await this.queue.boss.cancel(SCHEMA_SYNC_QUEUE, job.id);
    await this.pool.query(
      `update data_connections
          set schema_status = case when schema_ingested_at is null then 'not_ingested'::schema_status else 'ready'::schema_status end,
              schema_message = 'The last sync was cancelled', schema_job_id = null,
              schema_tables_done = null, schema_tables_total = null
        where id = $1 and schema_job_id = $2`,
      [connectionId, job.id],
    );
    this.changes.changed('data_connections');
    await this.audit.record(actor, {
      action: 'connections:schema_sync_cancel',
      resourceType: 'connection',
      resourceId: connectionId,
      details: { jobId: job.id, state: job.state },
    });
    return this.sync(job.id);
  }

  /** A deleted connection's syncs are cancelled: nothing is left to read or to write. */
  async cancelAllOf(connectionId: string): Promise<void> {
    await this.queue.start();
    const { rows } = await this.pool.query<{ id: string }>(
      `select id from pgboss.job
        where name = $1 and data->>'connectionId' = $2 and state = any($3::pgboss.job_state[])`,
      [SCHEMA_SYNC_QUEUE, connectionId, OPEN_JOB_STATES],
    );
    if (rows.length > 0)
      await this.queue.boss.cancel(
        SCHEMA_SYNC_QUEUE,
        rows.map((r) => r.id),
      );
  }

  private async sync(jobId: string): Promise<SchemaSync> {
    const job = await this.queue.job(jobId);
    if (!job) throw notFound('Schema sync');
    return toSchemaSync(job);
  }
}
