import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { SchemaSync, SchemaSyncState } from '@sluice/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { JobQueue, OPEN_JOB_STATES, type Job, type JobState } from '../../jobs/job-queue';

export const SCHEMA_SYNC_QUEUE = 'schema-sync';
/** Three tries in all: the first and two retries. */
export const SCHEMA_SYNC_RETRIES = 2;

export interface SchemaSyncData {
  connectionId: string;
  /** Who asked (null: Sluice itself): syncs are shared fairly between requesters. */
  requestedBy?: string | null;
}

/** What a run returns to the queue; `failed` marks a run that ended without a catalog. */
export interface SchemaSyncOutput {
  failed?: boolean;
  message?: string;
}

export type SchemaSyncJob = Job<SchemaSyncData>;

const STATES: Record<JobState, SchemaSyncState> = {
  created: 'queued',
  retry: 'retrying',
  active: 'running',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

export const isOpen = (state: string) => OPEN_JOB_STATES.includes(state);

export function toSchemaSync(job: SchemaSyncJob): SchemaSync {
  const output = (job.output ?? {}) as SchemaSyncOutput;
  const state = job.state === 'completed' && output.failed ? 'failed' : STATES[job.state];
  return {
    id: job.id,
    connectionId: job.data.connectionId,
    state,
    attempt: Math.min(job.retryCount + (job.startedOn ? 1 : 0), job.retryLimit + 1),
    maxAttempts: job.retryLimit + 1,
    createdAt: new Date(job.createdOn).toISOString(),
    startedAt: job.startedOn ? new Date(job.startedOn).toISOString() : null,
    finishedAt: job.completedOn ? new Date(job.completedOn).toISOString() : null,
  };
}

/** The schema-sync queue on the job queue: its settings, and its jobs by connection. */
@Injectable()
export class SchemaSyncQueue {
  constructor(
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    queue.define(SCHEMA_SYNC_QUEUE, {
      retryLimit: SCHEMA_SYNC_RETRIES,
      retryDelay: config.schemaSync.retryDelaySeconds,
      retryBackoff: true,
      // A run that outlives its own deadline by two minutes is stuck: the queue retries it.
      expireInSeconds: Math.ceil(config.schemaSync.timeoutMs / 1000) + 120,
    });
  }

  start(): Promise<void> {
    return this.queue.start();
  }

  /**
   * Queues a sync inside `tx` at a fair priority: minus the syncs its requester already has
   * waiting or running. Workers take higher priorities first, so one user's hundred syncs (or
   * two silent targets retried) queue behind everyone else's first, second… sync.
   */
  async send(data: SchemaSyncData, tx: PoolClient): Promise<string> {
    const requestedBy = data.requestedBy ?? null;
    const waiting = await this.queue.jobs.countOpen(
      SCHEMA_SYNC_QUEUE,
      'requestedBy',
      requestedBy,
      tx,
    );
    return this.queue.send(SCHEMA_SYNC_QUEUE, data, { priority: -waiting, tx });
  }

  job(id: string): Promise<SchemaSyncJob | null> {
    return this.queue.job<SchemaSyncData>(SCHEMA_SYNC_QUEUE, id);
  }

  openJob(id: string, tx: PoolClient) {
    return this.queue.jobs.openJob(id, tx);
  }

  /** The newest sync of a connection, finished ones included. */
  latestOf(connectionId: string): Promise<string | null> {
    return this.queue.jobs.latestId(SCHEMA_SYNC_QUEUE, 'connectionId', connectionId);
  }

  /** Cancels every queued or running sync of a connection. */
  async cancelAllOf(connectionId: string): Promise<void> {
    const ids = await this.queue.jobs.openIds(SCHEMA_SYNC_QUEUE, 'connectionId', connectionId);
    await this.queue.cancel(SCHEMA_SYNC_QUEUE, ids);
  }

  cancel(id: string): Promise<void> {
    return this.queue.cancel(SCHEMA_SYNC_QUEUE, [id]);
  }

  fail(id: string, message: string): Promise<void> {
    return this.queue.fail(SCHEMA_SYNC_QUEUE, id, { message });
  }

  async isCancelled(id: string): Promise<boolean> {
    return (await this.queue.jobs.state(id)) === 'cancelled';
  }

  /** Running syncs started over `seconds` ago (only `id` when given), on `db`. */
  async runningSince(seconds: number, id: string | null = null, db?: PoolClient) {
    const rows = await this.queue.jobs.activeSince(SCHEMA_SYNC_QUEUE, seconds, id, db);
    return rows.map((row) => ({
      id: row.id,
      connectionId: String(row.data['connectionId']),
      tries: row.tries,
    }));
  }

  work(handler: (job: SchemaSyncJob) => Promise<SchemaSyncOutput>): Promise<void> {
    return this.queue.work<SchemaSyncData>(SCHEMA_SYNC_QUEUE, handler);
  }
}
