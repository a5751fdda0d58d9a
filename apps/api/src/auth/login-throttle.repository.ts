import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DATABASE_POOL } from '../db/database';
import { inTransaction } from '../db/database.repository';

/** A sign-in let through: counted as failed until `succeeded` says otherwise. */
export interface LoginAttempt {
  /** Seconds to wait before trying again; when above 0 nothing was counted and nothing may run. */
  retryAfterSeconds: number;
  /** The row counted against the address, taken back by a success. */
  addressRowId?: number;
}

/**
 * A sliding window of failed sign-ins per account and per address, kept in the metadata
 * database so that every API process counts the same failures. An attempt is counted before
 * the password is checked, under a lock per account and per address, so that attempts sent at
 * once cannot all slip in under the limit; a success takes its own count back.
 */
@Injectable()
export class LoginThrottleRepository {
  private readonly windowSeconds: number;
  private readonly maxPerAccount: number;
  private readonly maxPerAddress: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
  ) {
    this.windowSeconds = config.loginThrottle.windowSeconds;
    this.maxPerAccount = config.loginThrottle.maxFailures;
    this.maxPerAddress = config.loginThrottle.maxFailures * 4;
  }

  async begin(email: string, ip: string): Promise<LoginAttempt> {
    const account = `account:${email}`;
    const address = `address:${ip}`;
    return inTransaction(this.pool, async (client) => {
      // Account before address, always: two attempts never wait for each other's second lock.
      await client.query(
        `select pg_advisory_xact_lock(hashtext(k)) from unnest($1::text[]) with ordinality as u(k, o) order by o`,
        [[account, address]],
      );
      await client.query(
        `delete from login_failures where failed_at < now() - make_interval(secs => $1)`,
        [this.windowSeconds],
      );
      const wait = Math.max(
        await this.waitFor(client, account, this.maxPerAccount),
        await this.waitFor(client, address, this.maxPerAddress),
      );
      if (wait > 0) return { retryAfterSeconds: wait };
      const { rows } = await client.query<{ id: string }>(
        `insert into login_failures (key) values ($1), ($2) returning id`,
        [account, address],
      );
      return { retryAfterSeconds: 0, addressRowId: Number(rows[1]!.id) };
    });
  }

  /** The account starts afresh, and this attempt no longer counts against the address. */
  async succeeded(email: string, attempt: LoginAttempt): Promise<void> {
    await this.pool.query(`delete from login_failures where key = $1 or id = $2`, [
      `account:${email}`,
      attempt.addressRowId ?? 0,
    ]);
  }

  /** Seconds until the oldest of the last `max` failures leaves the window; 0 below `max`. */
  private async waitFor(client: PoolClient, key: string, max: number): Promise<number> {
    const { rows } = await client.query<{ wait: number }>(
      `select ceil(extract(epoch from failed_at + make_interval(secs => $2) - now()))::int as wait
         from login_failures where key = $1
        order by failed_at desc offset $3 - 1 limit 1`,
      [key, this.windowSeconds, max],
    );
    return rows[0] ? Math.max(1, rows[0].wait) : 0;
  }
}
