import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchPool, SEARCH_APPLICATION_NAME } from '../../src/db/search-pool';
import { createTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

/** The catalog search's own connections: planned generically, and closed with the app. */
describe('the catalog search connections', () => {
  let t: TestApp;
  let token: string;
  const searchConnections = async () => {
    const { rows } = await t.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = $1`,
      [SEARCH_APPLICATION_NAME],
    );
    return rows[0]!.n;
  };

  beforeAll(async () => {
    t = await createTestApp({ SLUICE_ROLE: 'api' });
    token = await t.adminToken();
  });
  afterAll(() => t.close());

  it('runs searches on connections that plan their statements once, without parallel workers, leaving the rest as they were', async () => {
    expect(await searchConnections()).toBe(0);
    const res = await t.request('GET', '/api/catalog/search?q=customerId', { token });
    expect(res.status).toBe(200);
    expect(await searchConnections()).toBeGreaterThan(0);
    const show = {
      text: `select current_setting('plan_cache_mode') as plans,
                    current_setting('max_parallel_workers_per_gather') as workers`,
    };
    const search = await t.app.get(SearchPool).query<{ plans: string; workers: string }>(show);
    expect(search.rows[0]).toEqual({ plans: 'force_generic_plan', workers: '0' });
    const main = await t.pool.query<{ plans: string; workers: string }>(show);
    expect(main.rows[0]).toEqual({ plans: 'auto', workers: '2' });
  });

  it('closes them when the application closes, as PostgreSQL sees it', async () => {
    await t.app.close();
    // A backend leaves pg_stat_activity as it exits, a moment after the client has gone.
    await until(async () => expect(await searchConnections()).toBe(0), 2_000);
  });
});
