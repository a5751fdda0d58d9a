import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DATABASE_POOL } from '../db/database';

/** A job waits, waits for a retry, or runs: not yet finished. */
export const OPEN_JOB_STATES = ['created', 'retry', 'active'];

type Db = Pool | PoolClient;

/**
 * Reads of pg-boss's own tables that its API does not offer, by a field of the job's data
 * (`connectionId`, `requestedBy`). Only the job queue uses it: nothing else knows these tables.
 */
@Injectable()
export class JobsRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  async state(id: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ state: string }>(
      'select state from pgboss.job where id = $1',
      [id],
    );
    return rows[0]?.state ?? null;
  }

  /** The job, when it is still open; read on `db` so that it can join a transaction. */
  async openJob(id: string, db: Db = this.pool): Promise<{ id: string; state: string } | null> {
    const { rows } = await db.query<{ id: string; state: string }>(
      'select id, state from pgboss.job where id = $1 and state = any($2::pgboss.job_state[])',
      [id, OPEN_JOB_STATES],
    );
    return rows[0] ?? null;
  }

  /** The ids of a queue's open jobs whose data has `key` = `value`. */
  async openIds(queue: string, key: string, value: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `select id from pgboss.job
        where name = $1 and data->>$2 = $3 and state = any($4::pgboss.job_state[])`,
      [queue, key, value, OPEN_JOB_STATES],
    );
    return rows.map((row) => row.id);
  }

  /** How many of a queue's jobs whose data has `key` = `value` (null included) are open. */
  async countOpen(queue: string, key: string, value: string | null, db: Db = this.pool) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job
        where name = $1 and state = any($2::pgboss.job_state[])
          and data->>$3 is not distinct from $4`,
      [queue, OPEN_JOB_STATES, key, value],
    );
    return rows[0]?.n ?? 0;
  }

  /** The newest job of a queue whose data has `key` = `value`, archived ones included. */
  async latestId(queue: string, key: string, value: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string | null }>(
      `select coalesce(
                (select j.id from pgboss.job j
                  where j.name = $1 and j.data->>$2 = $3 order by j.created_on desc limit 1),
                (select a.id from pgboss.archive a
                  where a.name = $1 and a.data->>$2 = $3 order by a.created_on desc limit 1)) as id`,
      [queue, key, value],
    );
    return rows[0]?.id ?? null;
  }

  /** Active jobs of a queue started over `seconds` ago (only `id` when given). */
  async activeSince(
    queue: string,
    seconds: number,
    id: string | null = null,
    db: Db = this.pool,
  ): Promise<{ id: string; data: Record<string, unknown>; tries: number }[]> {
    const { rows } = await db.query<{ id: string; data: Record<string, unknown>; tries: number }>(
      `select id, data, retry_count + 1 as tries from pgboss.job
        where name = $1 and state = 'active' and started_on < now() - make_interval(secs => $2)
          and ($3::uuid is null or id = $3::uuid)`,
      [queue, seconds, id],
    );
    return rows;
  }
}
