import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { DATABASE_POOL } from './database';

/** At most this many connections answer catalog searches at once. */
const SEARCH_CONNECTIONS = 10;
/** How the search's connections show in pg_stat_activity. */
export const SEARCH_APPLICATION_NAME = 'sluice-search';

/**
 * Makes every connection of `pool` plan a named statement once, for any parameters
 * (`plan_cache_mode = force_generic_plan`), instead of planning it again on every call. A server
 * that does not know the setting keeps planning as before.
 */
export function withGenericPlans(pool: Pool): Pool {
  // A new client runs its queries in order: this one before whatever it was taken for.
  pool.on('connect', (client) => {
    client.query('set plan_cache_mode = force_generic_plan').catch(() => undefined);
  });
  return pool;
}

/**
 * The catalog search's own connections, opened on first use and closed with the application.
 * PostgreSQL keeps choosing a custom plan for the search statements (their patterns change the
 * estimates) and planning took two thirds of their time at 100,000 tables; their generic plans
 * run as fast. The setting is per connection, so these statements get connections of their own
 * rather than changing how every other query of Sluice is planned.
 */
@Injectable()
export class SearchPool implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(@Inject(DATABASE_POOL) main: Pool) {
    this.pool = withGenericPlans(
      new Pool({
        ...main.options,
        max: SEARCH_CONNECTIONS,
        application_name: SEARCH_APPLICATION_NAME,
      }),
    );
    // An idle client losing its server must not crash the process; queries report it instead.
    this.pool.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
