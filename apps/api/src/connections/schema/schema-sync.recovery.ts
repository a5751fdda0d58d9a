import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DATABASE_POOL } from '../../db/database';
import { SCHEMA_SYNC_QUEUE, SchemaSyncQueue } from './schema-sync.queue';
import { SchemaSyncStatus } from './schema-sync.status';
import { RUN_LOCK_SQL } from './schema-sync.worker';

export const RECOVERY_INTERVAL_MS = 5000;

/** Active jobs started before the last sweep interval (one of them when $3 is set). */
const ORPHAN_SQL = `
select id, data->>'connectionId' as "connectionId", retry_count + 1 as tries from pgboss.job
 where name = $1 and state = 'active' and started_on < now() - make_interval(secs => $2)
   and ($3::uuid is null or id = $3::uuid)`;

/**
 * A run holds its connection's session lock while it lives, so an active job whose lock is
 * free belongs to a process that died: it is failed back to pg-boss, which retries it.
 */
@Injectable()
export class SchemaSyncRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SchemaSync');
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: SchemaSyncQueue,
    private readonly status: SchemaSyncStatus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.queue.start();
    this.timer = setInterval(() => void this.sweep(), RECOVERY_INTERVAL_MS);
    this.timer.unref();
    await this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Fails every orphaned run back to the queue; returns how many it found. */
  sweep(): Promise<void> {
    return (this.sweeping ??= this.recover()
      .catch((error: unknown) => this.logger.warn(`Recovery sweep failed: ${String(error)}`))
      .finally(() => (this.sweeping = undefined)));
  }

  private async recover(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string; connectionId: string; tries: number }>(
      ORPHAN_SQL,
      [SCHEMA_SYNC_QUEUE, RECOVERY_INTERVAL_MS / 1000, null],
    );
    if (rows.length === 0) return;
    const client = await this.pool.connect();
    try {
      for (const job of rows) {
        const { rows: lock } = await client.query<{ locked: boolean }>(
          RUN_LOCK_SQL('pg_try_advisory_lock'),
          [job.connectionId],
        );
        if (!lock[0]?.locked) continue;
        try {
          await this.failBack(client, job);
        } finally {
          await client.query(RUN_LOCK_SQL('pg_advisory_unlock'), [job.connectionId]);
        }
      }
    } finally {
      client.release();
    }
  }

  /**
   * Fails one orphaned job back to pg-boss, holding its run lock. Checked again under the lock:
   * another process's sweep may have failed it back already, and a worker picked it up again.
   */
  private async failBack(
    client: PoolClient,
    job: { id: string; connectionId: string; tries: number },
  ): Promise<void> {
    const { rowCount } = await client.query(ORPHAN_SQL, [
      SCHEMA_SYNC_QUEUE,
      RECOVERY_INTERVAL_MS / 1000,
      job.id,
    ]);
    if (!rowCount) return;
    this.logger.warn(`Schema sync ${job.id} lost its worker; it goes back to the queue`);
    await this.queue.boss.fail(SCHEMA_SYNC_QUEUE, job.id, {
      message: 'The process running this sync stopped',
    });
    const failed = (await this.queue.job(job.id))?.state === 'failed';
    await this.status.set(
      job.id,
      job.connectionId,
      failed ? 'failed' : 'queued',
      failed
        ? 'The process running this sync stopped, and it had no tries left'
        : 'The process running this sync stopped; Sluice will try again.',
      null,
      failed,
    );
    await this.status.recordAttempt(job.connectionId, {
      jobId: job.id,
      outcome: failed ? 'failed' : 'retrying',
      attempt: job.tries,
      errorCode: null,
      reason: 'worker_stopped',
    });
  }
}
