import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Pool, PoolClient } from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DATABASE_POOL } from '../db/database';
import { JobsRepository, OPEN_JOB_STATES } from './jobs.repository';

export { OPEN_JOB_STATES };
export type Job<T> = PgBoss.JobWithMetadata<T>;
export type JobState = PgBoss.JobWithMetadata['state'];

export interface QueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /** `stately`: at most one queued and one running job per singleton key. */
  policy?: 'standard' | 'stately';
}

/**
 * pg-boss's executor over one client, so a send joins that client's transaction. `inFlight`
 * holds its statements while they run: pg-boss completes or fails a job without awaiting it.
 * Once `closed` says so, statements are dropped: a run that outlived the queue's stop finishes
 * after the pool has ended, and pg-boss's unawaited write of its end would otherwise reject
 * with nothing to catch it (its job was already failed back to the queue by the stop). Only
 * such completions come after the stop; they are answered as changing no job (`count` 0).
 */
export const executorOf = (
  client: Pool | PoolClient,
  inFlight?: Set<Promise<unknown>>,
  closed?: () => boolean,
): PgBoss.Db => ({
  executeSql: async (text: string, values: unknown[]) => {
    if (closed?.()) return { rows: [{ count: 0 }] };
    const query = client.query<Record<string, unknown>>(text, values);
    inFlight?.add(query);
    try {
      return { rows: (await query).rows };
    } finally {
      inFlight?.delete(query);
    }
  },
});

/**
 * The background-job queue: pg-boss on Sluice's own PostgreSQL, through its pool. The only
 * place that knows pg-boss; its tables are read through JobsRepository. A queue is declared
 * with `define` and exists, with today's settings, once `start` has run.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly boss: PgBoss;
  private started: Promise<void> | undefined;
  private readonly queues = new Map<string, QueueSettings>();
  /** pg-boss's statements running: a job's completion is written before the pool closes. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Set once shut down: later statements (of runs that outlived the stop) are dropped. */
  private closed = false;

  constructor(
    @Inject(DATABASE_POOL) pool: Pool,
    @Inject(APP_CONFIG) config: AppConfig,
    readonly jobs: JobsRepository,
  ) {
    this.boss = new PgBoss({
      db: executorOf(pool, this.inFlight, () => this.closed),
      schedule: false,
      supervise: config.role !== 'api',
      maintenanceIntervalSeconds: 60,
      monitorStateIntervalSeconds: 60,
    });
  }

  define(name: string, settings: QueueSettings): void {
    this.queues.set(name, settings);
  }

  /** Installs pg-boss's tables on first use and makes every declared queue match its settings. */
  start(): Promise<void> {
    return (this.started ??= (async () => {
      await this.boss.start();
      for (const [name, settings] of this.queues) {
        const queue = { name, ...settings };
        if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, queue);
        else await this.boss.createQueue(name, queue);
      }
    })());
  }

  /** Queues a job; with `tx`, inside that client's transaction. Higher priorities run first. */
  async send<T extends object>(
    name: string,
    data: T,
    options: { priority?: number; tx?: PoolClient } = {},
  ): Promise<string> {
    await this.start();
    const id = await this.boss.send(name, data, {
      ...(options.tx && { db: executorOf(options.tx) }),
      ...(options.priority !== undefined && { priority: options.priority }),
    });
    if (!id) throw new Error(`The job queue did not accept a ${name} job`);
    return id;
  }

  /**
   * Queues a job unless one with the same key is already waiting (a `stately` queue): answers
   * false when the waiting one will do.
   */
  async sendOnce<T extends object>(name: string, data: T, key: string): Promise<boolean> {
    await this.start();
    return (await this.boss.send(name, data, { singletonKey: key })) !== null;
  }

  async cancel(name: string, ids: string[]): Promise<void> {
    await this.start();
    if (ids.length > 0) await this.boss.cancel(name, ids);
  }

  async fail(name: string, id: string, output: object): Promise<void> {
    await this.start();
    await this.boss.fail(name, id, output);
  }

  async job<T extends object>(name: string, id: string): Promise<Job<T> | null> {
    await this.start();
    return this.boss.getJobById<T>(name, id, { includeArchive: true });
  }

  /** Runs `handler` for the queue's jobs, one at a time per call; what it returns is the output. */
  async work<T extends object>(
    name: string,
    handler: (job: Job<T>) => Promise<object | undefined>,
  ): Promise<void> {
    await this.start();
    await this.boss.work<T>(
      name,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
      async ([job]) => (job ? handler(job) : undefined),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    // Runs still going are failed back to the queue (and retried), never left "active".
    await this.boss.stop({ graceful: true, timeout: 5000, close: false, wait: true });
    // pg-boss completes (or fails) the last jobs without awaiting: done before the pool ends.
    await Promise.allSettled([...this.inFlight]);
    this.closed = true;
  }
}
