import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { PoolClient } from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SchemaSyncQueue } from './schema-sync.queue';
import { SchemaSyncRepository } from './schema-sync.repository';
import { SchemaSyncStatus } from './schema-sync.status';

export const RECOVERY_INTERVAL_MS = 5000;

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: SchemaSyncQueue,
    private readonly status: SchemaSyncStatus,
    private readonly syncs: SchemaSyncRepository,
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
    const orphans = await this.queue.runningSince(RECOVERY_INTERVAL_MS / 1000);
    for (const job of orphans) {
      await this.syncs.withRunLockIfFree(job.connectionId, (client) => this.failBack(client, job));
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
    const still = await this.queue.runningSince(RECOVERY_INTERVAL_MS / 1000, job.id, client);
    if (still.length === 0) return;
    this.logger.warn(`Schema sync ${job.id} lost its worker; it goes back to the queue`);
    await this.queue.fail(job.id, 'The process running this sync stopped');
    const failed = (await this.queue.job(job.id))?.state === 'failed';
    await this.syncs.setStatus(
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
