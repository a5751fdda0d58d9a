import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';
import { DATABASE_POOL, onClient } from './database';

/** At most this many connections answer catalog searches at once. */
const SEARCH_CONNECTIONS = 10;
/** How the search's connections show in pg_stat_activity. */
export const SEARCH_APPLICATION_NAME = 'sluice-search';

/**
 * The catalog search's own connections, opened on first use and closed with the application.
 * Each plans a named statement once, for any parameters (`plan_cache_mode =
 * force_generic_plan`), instead of again on every call: PostgreSQL kept choosing a custom plan
 * for the search statements (their patterns change the estimates), and planning took two thirds
 * of their time at 100,000 tables, while their generic plans run as fast. The setting is per
 * connection, so these statements get connections of their own rather than changing how every
 * other query of Sluice is planned. A server that does not know the setting plans as before.
 * They also run without parallel workers: every search statement starts from an index and
 * reads a few hundred rows, where starting workers cost more than the work (29 of 42 ms for a
 * count whose only parallel part found nothing), and several clients already share the cores.
 */
@Injectable()
export class SearchPool implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly configured = new WeakSet<PoolClient>();

  constructor(@Inject(DATABASE_POOL) main: Pool) {
    this.pool = new Pool({
      ...main.options,
      max: SEARCH_CONNECTIONS,
      application_name: SEARCH_APPLICATION_NAME,
    });
    // An idle client losing its server must not crash the process; queries report it instead.
    this.pool.on('error', () => undefined);
  }

  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>> {
    return onClient(this.pool, async (client) => {
      if (!this.configured.has(client)) {
        await client
          .query(
            'set plan_cache_mode = force_generic_plan; set max_parallel_workers_per_gather = 0',
          )
          .catch(() => undefined);
        this.configured.add(client);
      }
      return client.query<R>(config);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
