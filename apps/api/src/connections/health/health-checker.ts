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

  protected async round(now: number): Promise<number> {
    let ran = 0;
    try {
      if (now - this.prunedAt > DAY_MS) {
        this.prunedAt = now;
        await this.health.prune(this.config.health.retentionDays);
      }
      for (;;) {
        const claimed = await this.schedules.claimDue('check', BATCH, (c) => {
          const seconds = HEALTH_CHECK_SECONDS[c.every as Exclude<HealthCheckInterval, 'off'>];
          // A check not placed yet gets its place in the interval, spread by connection.
          return new Date(now + (c.next ? seconds : spreadOf(c.id, seconds)) * 1000);
        });
        const due = claimed.filter((c) => c.next !== null).map((c) => c.id);
        ran += await this.checkAll(due);
        if (claimed.length > 0) this.changes.changed('data_connections');
        if (claimed.length < BATCH) return ran;
      }
    } catch (error) {
      this.logger.error(`Health checks could not run: ${String(error)}`);
      return ran;
    }
  }

  /** Tests `ids`, at most HEALTH_CHECK_CONCURRENCY at once. */
  private async checkAll(ids: string[]): Promise<number> {
    let next = 0;
    let ran = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        if (await this.tests.check(id)) ran += 1;
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(ids.length, this.config.health.concurrency) }, worker),
    );
    return ran;
  }
}
