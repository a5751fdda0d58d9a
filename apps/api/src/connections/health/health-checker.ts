import { Inject, Injectable, Logger } from '@nestjs/common';
import { RecurringRound } from '../../common/recurring-round';
import { HEALTH_CHECK_SECONDS, type HealthCheckInterval } from '@sluice/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ChangeFeed } from '../../db/change-feed';
import { ConnectionTestsService } from '../connection-tests.service';
import { HealthRepository } from './health.repository';
import { SchedulesRepository } from '../schedules.repository';
import { spreadOf } from '../sync-schedule';

const BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * Runs the scheduled health checks: every few seconds, in each worker process, it claims the
 * connections whose check is due (one process per due slot), moves each to its next time, and
 * tests them a few at a time. Checks older than HEALTH_RETENTION_DAYS are removed once a day.
 */
@Injectable()
export class HealthChecker extends RecurringRound {
  private readonly logger = new Logger('HealthChecker');
  private prunedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthRepository,
    private readonly schedules: SchedulesRepository,
    private readonly tests: ConnectionTestsService,
    private readonly changes: ChangeFeed,
  ) {
    super(config);
  }

  /** Claimed checks waiting for a slot, and the ones running. */
  private readonly waiting: string[] = [];
  private readonly checking = new Set<Promise<void>>();
  private stopping = false;

  /**
   * Claims what is due, at most twice HEALTH_CHECK_CONCURRENCY waiting or running, and hands it to
   * the slots without waiting for it: a silent target holds one slot until its deadline, never the
   * next round. Answers how many checks it started or queued.
   */
  protected async round(now: number): Promise<number> {
    let dispatched = 0;
    try {
      if (now - this.prunedAt > DAY_MS) {
        this.prunedAt = now;
        await this.health.prune(this.config.health.retentionDays);
      }
      for (;;) {
        const room = this.config.health.concurrency * 2 - this.checking.size - this.waiting.length;
        if (room <= 0) return dispatched;
        const limit = Math.min(BATCH, room);
        const claimed = await this.schedules.claimDue('check', limit, (c) => {
          const seconds = HEALTH_CHECK_SECONDS[c.every as Exclude<HealthCheckInterval, 'off'>];
          // A check not placed yet gets its place in the interval, spread by connection.
          return new Date(now + (c.next ? seconds : spreadOf(c.id, seconds)) * 1000);
        });
        const due = claimed.filter((c) => c.next !== null).map((c) => c.id);
        this.waiting.push(...due);
        dispatched += due.length;
        this.pump();
        if (claimed.length > 0) this.changes.changed('data_connections');
        if (claimed.length < limit) return dispatched;
      }
    } catch (error) {
      this.logger.error(`Health checks could not run: ${String(error)}`);
      return dispatched;
    }
  }

  /** Starts waiting checks while a slot is free (HEALTH_CHECK_CONCURRENCY at once). */
  private pump(): void {
    while (this.checking.size < this.config.health.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const run: Promise<void> = this.tests
        .check(id)
        .then(
          () => undefined,
          (error: unknown) => this.logger.error(`Health check of ${id} failed: ${String(error)}`),
        )
        .finally(() => {
          this.checking.delete(run);
          this.pump();
          // Slots to spare: claim what has fallen due since, without waiting for the timer.
          if (this.waiting.length === 0 && !this.stopping) void this.tick();
        });
      this.checking.add(run);
    }
  }

  /** Resolves once every claimed check has run (the tests; shutdown). */
  async settled(): Promise<void> {
    while (this.checking.size > 0) await Promise.all([...this.checking]);
  }

  override async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await super.onApplicationShutdown();
    this.waiting.length = 0;
    await this.settled();
  }
}
