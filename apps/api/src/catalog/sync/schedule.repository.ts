import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../../db/database';
import { inTransaction } from '../../db/database.repository';

export interface ScheduledConnection {
  id: string;
  syncSchedule: string;
  /** Null when the scheduler has not yet placed it (a new schedule, or an upgraded instance). */
  nextSyncAt: Date | null;
}

/** The scheduler's claim on due connections: each due slot is taken by one process only. */
@Injectable()
export class ScheduleRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /**
   * Locks up to `limit` enabled, scheduled connections that are due or not yet placed (rows
   * another process holds are skipped), sets each one's next time with `nextOf`, and returns
   * them as they were: those with a past `nextSyncAt` are due now.
   */
  claimDue(limit: number, nextOf: (c: ScheduledConnection) => Date | null) {
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<ScheduledConnection>(
        `select id, sync_schedule as "syncSchedule", next_sync_at as "nextSyncAt"
           from data_connections
          where is_active and sync_schedule <> 'off'
            and (next_sync_at is null or next_sync_at <= now())
          order by next_sync_at nulls first
          limit $1
          for update skip locked`,
        [limit],
      );
      if (rows.length > 0) {
        await tx.query(
          `update data_connections d set next_sync_at = n.next
             from unnest($1::uuid[], $2::timestamptz[]) as n(id, next) where d.id = n.id`,
          [rows.map((r) => r.id), rows.map((r) => nextOf(r))],
        );
      }
      return rows;
    });
  }
}
