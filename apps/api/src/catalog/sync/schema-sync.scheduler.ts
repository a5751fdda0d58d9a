import { Inject, Injectable, Logger } from '@nestjs/common';
import { RecurringRound } from '../../common/recurring-round';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ChangeFeed } from '../../db/change-feed';
import { DomainError } from '../../common/domain-error';
import { nextSyncAfter } from '../../connections/sync-schedule';
import type { Actor } from '../../auth/auth-user';
import { SchedulesRepository } from '../../connections/schedules.repository';
import { SchemaSyncService } from './schema-sync.service';

const SCHEDULER: Actor = { userId: null, ip: null, userAgent: 'Sluice scheduler' };
/** Connections claimed per round: the rest wait for the next round, a few seconds later. */
const BATCH = 100;

/**
 * Queues the scheduled schema syncs: every few seconds, in each worker process, it claims the
 * connections that are due (a due slot is claimed by one process only), moves each to its next
 * time, and queues a sync, which the queue does not double when one is queued or running.
 */
@Injectable()
export class SchemaSyncScheduler extends RecurringRound {
  private readonly logger = new Logger('SchemaSyncScheduler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: SchedulesRepository,
    private readonly syncs: SchemaSyncService,
    private readonly changes: ChangeFeed,
  ) {
    super(config);
  }

  protected async round(at: number): Promise<number> {
    const now = new Date(at);
    const zone = this.config.schedules.timeZone;
    let queued = 0;
    try {
      for (;;) {
        const claimed = await this.schedules.claimDue('sync', BATCH, (c) =>
          nextSyncAfter(c.every, c.id, now, zone),
        );
        if (claimed.length > 0) this.changes.changed('data_connections');
        for (const c of claimed.filter((row) => row.next !== null)) {
          await this.syncs.enqueue(c.id, SCHEDULER, 'scheduled').then(
            () => (queued += 1),
            (error: unknown) => {
              // Deleted or disabled since the claim: nothing to sync.
              if (!(error instanceof DomainError)) throw error;
            },
          );
        }
        if (claimed.length < BATCH) return queued;
      }
    } catch (error) {
      this.logger.error(`Scheduled syncs could not be queued: ${String(error)}`);
      return queued;
    }
  }
}
