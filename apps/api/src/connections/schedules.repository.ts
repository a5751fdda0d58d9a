import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../db/database';
import { inTransaction } from '../db/database.repository';

/** The two schedules a connection has: its column of "how often" and of "when next". */
const SCHEDULES = {
  sync: { every: 'sync_schedule', next: 'next_sync_at' },
  check: { every: 'health_check_interval', next: 'next_check_at' },
} as const;
export type ScheduleKind = keyof typeof SCHEDULES;

export interface Claimed {
  id: string;
  /** The schedule: a sync schedule, or a health check interval. */
  every: string;
  /** When it was due; null when it was not placed yet (a new schedule, an upgraded instance). */
  next: Date | null;
}

/** The background rounds' claim on due connections: each due slot is taken by one process only. */
@Injectable()
export class SchedulesRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /**
   * Locks up to `limit` enabled connections whose `kind` is on and due or not yet placed (rows
   * another process holds are skipped), sets each one's next time with `nextOf`, and returns
   * them as they were: those with a `next` are due now.
   */
  claimDue(kind: ScheduleKind, limit: number, nextOf: (c: Claimed) => Date | null) {
    const { every, next } = SCHEDULES[kind];
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<Claimed>(
        `select id, ${every} as every, ${next} as next from data_connections
          where is_active and ${every} <> 'off' and (${next} is null or ${next} <= now())
          order by ${next} nulls first limit $1
          for update skip locked`,
        [limit],
      );
      if (rows.length > 0) {
        await tx.query(
          `update data_connections d set ${next} = n.next
             from unnest($1::uuid[], $2::timestamptz[]) as n(id, next) where d.id = n.id`,
          [rows.map((r) => r.id), rows.map(nextOf)],
        );
      }
      return rows;
    });
  }
}
