import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { startSilentServer, type SilentServer } from '../support/silent-server';
import { postgresTarget } from '../support/target';
import { eventually, querier, refusalOf } from './query-support';

/** A target that accepts and never answers, and a user who starts more queries than allowed. */
describe('queries against a silent server, and the per-user pool', () => {
  let t: TestApp;
  let admin: string;
  let silent: SilentServer;
  const create = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/connections', {
      token: admin,
      body: { name: unique('hostile'), ...body },
    });
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: { id: string } }>().data.id;
  };

  beforeAll(async () => {
    silent = await startSilentServer();
    t = await createTestApp({ QUERY_CONCURRENCY_PER_USER: '1' });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    await silent.close();
  });

  for (const dbType of ['postgresql', 'mysql'] as const) {
    it(`${dbType}: times out at the deadline, and the server sees no socket left open`, async () => {
      const id = await create({
        dbType,
        host: '127.0.0.1',
        port: silent.port,
        username: 'u',
        password: 'hostile-pw-1',
        databaseName: 'db',
      });
      const accepted = silent.accepted();
      const started = Date.now();
      const problem = await refusalOf(
        querier(
          t,
          () => id,
          () => admin,
        )('select 1', { timeoutMs: 500 }),
      );
      expect(problem.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(silent.accepted()).toBeGreaterThan(accepted);
      await eventually(() => expect(silent.openSockets()).toBe(0));
    });
  }

  it('answers a second query of the same user with 429 and Retry-After while one runs', async () => {
    const id = await create({ ...postgresTarget() });
    const ask = querier(
      t,
      () => id,
      () => admin,
    );
    const long = ask('select count(*) from generate_series(1, 3000000000)', { timeoutMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await ask('select 1');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.json().detail).toContain('1 of your queries are already running');
    expect((await long).status).toBe(422);
    expect((await ask('select 1')).status).toBe(200);
  });
});
