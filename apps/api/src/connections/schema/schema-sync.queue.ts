import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Pool, PoolClient } from 'pg';
import type { SchemaSync, SchemaSyncState } from '@sluice/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DATABASE_POOL } from '../../db/database';

export const SCHEMA_SYNC_QUEUE = 'schema-sync';
/** Three tries in all: the first and two retries. */
export const SCHEMA_SYNC_RETRIES = 2;

export interface SchemaSyncData {
  connectionId: string;
  /** Who asked (null: Sluice itself): syncs are shared fairly between requesters. */
  requestedBy?: string | null;
}

/** What a run returns to pg-boss; `failed` marks a run that ended without a catalog. */
export interface SchemaSyncOutput {
  failed?: boolean;
  message?: string;
}

export type SchemaSyncJob = PgBoss.JobWithMetadata<SchemaSyncData>;

const STATES: Record<PgBoss.JobWithMetadata['state'], SchemaSyncState> = {
  created: 'queued',
  retry: 'retrying',
  active: 'running',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

export const OPEN_JOB_STATES = ['created', 'retry', 'active'];

/** pg-boss's executor over one client, so a send joins that client's transaction. */
export const executorOf = (client: Pool | PoolClient): PgBoss.Db => ({
  executeSql: async (text: string, values: unknown[]) => {
    const result = await client.query<Record<string, unknown>>(text, values);
    return { rows: result.rows };
  },
});

export function toSchemaSync(job: PgBoss.JobWithMetadata<SchemaSyncData>): SchemaSync {
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

/** The schema-sync queue: pg-boss on the metadata PostgreSQL, through Sluice's own pool. */
@Injectable()
export class SchemaSyncQueue implements OnApplicationShutdown {
  readonly boss: PgBoss;
  private started: Promise<void> | undefined;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.boss = new PgBoss({
      db: executorOf(pool),
      schedule: false,
      supervise: config.role !== 'api',
      maintenanceIntervalSeconds: 60,
      monitorStateIntervalSeconds: 60,
    });
  }

  /** Installs pg-boss's tables on first use and makes sure the queue exists with today's settings. */
  start(): Promise<void> {
    return (this.started ??= (async () => {
      await this.boss.start();
      const queue = {
        name: SCHEMA_SYNC_QUEUE,
        retryLimit: SCHEMA_SYNC_RETRIES,
        retryDelay: this.config.schemaSync.retryDelaySeconds,
        retryBackoff: true,
        // A run that outlives its own deadline by two minutes is stuck: pg-boss retries it.
        expireInSeconds: Math.ceil(this.config.schemaSync.timeoutMs / 1000) + 120,
      };
      if (await this.boss.getQueue(SCHEMA_SYNC_QUEUE))
        await this.boss.updateQueue(SCHEMA_SYNC_QUEUE, queue);
      else await this.boss.createQueue(SCHEMA_SYNC_QUEUE, queue);
    })());
  }

  /**
   * The priority of a requester's next sync: minus the syncs they already have waiting or
   * running. Workers take higher priorities first, so one user's hundred syncs (or two silent
   * targets retried) queue behind everyone else's first, second… sync: fair shares of workers.
   */
  async fairPriority(requestedBy: string | null, db: Pool | PoolClient): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job
        where name = $1 and state = any($2::pgboss.job_state[])
          and data->>'requestedBy' is not distinct from $3`,
      [SCHEMA_SYNC_QUEUE, OPEN_JOB_STATES, requestedBy],
    );
    return -(rows[0]?.n ?? 0);
  }

  async job(id: string): Promise<SchemaSyncJob | null> {
    await this.start();
    return this.boss.getJobById<SchemaSyncData>(SCHEMA_SYNC_QUEUE, id, { includeArchive: true });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    // Runs still going are failed back to the queue (and retried), never left "active".
    await this.boss.stop({ graceful: true, timeout: 5000, close: false, wait: true });
  }
}
