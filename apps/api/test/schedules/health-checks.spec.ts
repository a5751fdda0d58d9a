import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, HealthHistory } from '@sluice/contracts';
import { HealthChecker } from '../../src/connections/health/health-checker';
import { HealthRepository } from '../../src/connections/health/health.repository';
import { freePort } from '../support/free-port';
import { postgresTarget } from '../support/target';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { startSecondApp } from '../support/second-app';
import { createConnection } from '../support/schema-sync';

describe('health checks and their history', () => {
  let t: TestApp;
  let admin: string;
  let second: Awaited<ReturnType<typeof startSecondApp>>;
  const create = (body: Record<string, unknown> = {}) =>
    createConnection(t, { ...postgresTarget(), name: unique('Checked'), ...body });
  const historyOf = async (id: string, query = '') => {
    const res = await t.request('GET', `/api/connections/${id}/health${query}`, { token: admin });
    expect(res.status, res.body).toBe(200);
    return res.json<{ data: HealthHistory }>().data;
  };
  const countOf = async (id: string) =>
    (
      await t.pool.query<{ n: number }>(
        'select count(*)::int as n from health_checks where connection_id = $1',
        [id],
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    second = await startSecondApp(t);
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('records a manual test in the history, with the state and a summary', async () => {
    const c = await create();
    expect([c.healthCheckInterval, c.healthState]).toEqual(['15m', 'unknown']);
    const tested = await t.request('POST', `/api/connections/${c.id}/test`, { token: admin });
    expect(tested.status, tested.body).toBe(201);
    const history = await historyOf(c.id);
    expect(history.checks).toHaveLength(1);
    expect(history.checks[0]).toMatchObject({ success: true, manual: true, errorCode: null });
    expect(history.summary).toMatchObject({ checks: 1, uptimePercent: 100, lastFailure: null });
    expect(history.summary.p50LatencyMs).toBeGreaterThanOrEqual(0);
    const after = await t.request('GET', `/api/connections/${c.id}`, { token: admin });
    expect(after.json<{ data: Connection }>().data.healthState).toBe('up');
  });

  it('checks each due connection once with two checkers, marks a refused one down, skips disabled ones', async () => {
    const up = await create();
    const refused = await create({ port: await freePort() });
    const disabled = await create({ isActive: false });
    const ids = [up.id, refused.id, disabled.id];
    await t.pool.query(
      `update data_connections set next_check_at = now() - interval '1 minute' where id = any($1)`,
      [ids],
    );
    await Promise.all([t.app.get(HealthChecker).tick(), second.app.get(HealthChecker).tick()]);
    await Promise.all([
      t.app.get(HealthChecker).settled(),
      second.app.get(HealthChecker).settled(),
    ]);
    expect(await countOf(up.id)).toBe(1);
    expect(await countOf(refused.id)).toBe(1);
    expect(await countOf(disabled.id)).toBe(0);
    const down = await historyOf(refused.id);
    expect(down.checks[0]).toMatchObject({ success: false, manual: false });
    expect(down.summary.lastFailure?.errorCode).toBe('CONNECTION_REFUSED');
    expect(down.summary.uptimePercent).toBe(0);
    expect(down.checks[0]?.message).toContain('refused');
    expect(down.checks[0]?.hint).toBeTruthy();
    // The list's sparklines: each connection's last 24 hours, by hour.
    const recent = await t.request(
      'GET',
      `/api/connections/health/recent?ids=${up.id},${refused.id},${disabled.id}`,
      { token: admin },
    );
    expect(recent.status, recent.body).toBe(200);
    const hours = recent.json<{ data: Record<string, { checks: number; failures: number }[]> }>()
      .data;
    expect(hours[up.id]).toMatchObject([{ checks: 1, failures: 0 }]);
    expect(hours[refused.id]).toMatchObject([{ checks: 1, failures: 1 }]);
    expect(hours[disabled.id]).toEqual([]);
    const bad = await t.request('GET', '/api/connections/health/recent?ids=nope', {
      token: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('ids');
    const { rows } = await t.pool.query<{ id: string; state: string; next: Date }>(
      'select id, health_state as state, next_check_at as next from data_connections where id = any($1)',
      [[up.id, refused.id]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(up.id)?.state).toBe('up');
    expect(byId.get(refused.id)?.state).toBe('down');
    for (const r of rows) expect(r.next.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    // Nothing is due any more.
    expect(await t.app.get(HealthChecker).tick()).toBe(0);
  });

  it('calls a check slower than 3× its median degraded, and keeps 30 days of history', async () => {
    const c = await create();
    const repo = t.app.get(HealthRepository);
    for (let i = 0; i < 5; i++)
      await repo.record(c.id, {
        success: true,
        errorCode: null,
        latencyMs: 10,
        serverVersion: null,
        manual: false,
      });
    const state = await repo.record(c.id, {
      success: true,
      errorCode: null,
      latencyMs: 100,
      serverVersion: null,
      manual: false,
    });
    expect(state).toBe('degraded');
    await t.pool.query(
      `insert into health_checks (connection_id, checked_at, success, latency_ms)
       values ($1, now() - interval '40 days', true, 5), ($1, now() - interval '29 days', true, 5)`,
      [c.id],
    );
    expect(await repo.prune(30)).toBe(1);
    const old = await historyOf(
      c.id,
      `?from=${new Date(Date.now() - 35 * 86_400_000).toISOString()}`,
    );
    expect(old.checks).toHaveLength(7);
  });

  it('takes off, 5m, 15m and 1h, and names a bad interval or range', async () => {
    const c = await create();
    const patch = (body: Record<string, unknown>) =>
      t.request('PATCH', `/api/connections/${c.id}`, { token: admin, body });
    const off = await patch({ healthCheckInterval: 'off' });
    expect(off.json<{ data: Connection }>().data).toMatchObject({
      healthCheckInterval: 'off',
      nextCheckAt: null,
    });
    const bad = await patch({ healthCheckInterval: '10m' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('healthCheckInterval');
    const range = await t.request(
      'GET',
      `/api/connections/${c.id}/health?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`,
      { token: admin },
    );
    expect(range.status).toBe(400);
    expect(range.body).toContain('to');
  });
});
