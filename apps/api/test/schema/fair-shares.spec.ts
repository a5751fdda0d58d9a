import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { postgresCatalogTarget, waitForSchema } from '../support/schema-sync';
import { startSilentServer, type SilentServer } from '../support/silent-server';
import { postgresTarget } from '../support/target';
import { createTestApp, unique, type TestApp } from '../support/test-app';

/**
 * One user's many syncs (here against a server that never answers, each holding the one worker
 * until the connect deadline) must not keep everyone else's first sync waiting behind them.
 */
describe('schema syncs are shared fairly between users (security finding 17)', () => {
  let t: TestApp;
  let silent: SilentServer;
  beforeAll(async () => {
    silent = await startSilentServer();
    t = await createTestApp({
      SLUICE_ROLE: 'all',
      SCHEMA_SYNC_CONCURRENCY: '1',
      CONNECTION_TEST_TIMEOUT_MS: '1000',
      SCHEMA_SYNC_RETRY_DELAY_SECONDS: '600',
    });
  });
  afterAll(async () => {
    await t.close();
    await silent.close();
  });

  const create = async (token: string, body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/connections', {
      token,
      body: { name: unique('fair'), ...body },
    });
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: Connection }>().data;
  };

  it("a second user's first sync runs before the first user's queued ones", async () => {
    const hog = await t.userWithRole('contributor');
    const other = await t.userWithRole('contributor');
    const target = await postgresCatalogTarget('create table t (id int primary key)');
    for (let i = 0; i < 5; i++)
      await create(hog.token, { ...postgresTarget(), host: '127.0.0.1', port: silent.port });
    const mine = await create(other.token, target.body);
    const ready = await waitForSchema(t, mine.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    // The worker took the hog's first sync, then this one: not the hog's other four first.
    expect(silent.accepted()).toBeLessThanOrEqual(2);
  });
});
