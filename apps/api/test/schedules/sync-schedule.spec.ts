import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { cronOf, nextSyncAfter } from '../../src/connections/sync-schedule';
import { SchemaSyncScheduler } from '../../src/catalog/sync/schema-sync.scheduler';
import { postgresTarget } from '../support/target';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { startSecondApp } from '../support/second-app';
import { createConnection } from '../support/schema-sync';

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';

describe('schedules, computed', () => {
  it('spreads presets over their period by connection, stably', () => {
    expect(cronOf('daily', ID_A)).toBe(cronOf('daily', ID_A));
    expect(cronOf('daily', ID_A)).not.toBe(cronOf('daily', ID_B));
    expect(cronOf('hourly', ID_A)).toMatch(/^\d{1,2} \* \* \* \*$/);
    expect(cronOf('weekly', ID_A)).toMatch(/^\d{1,2} \d{1,2} \* \* [0-6]$/);
    expect(cronOf('off', ID_A)).toBeNull();
    const from = new Date('2026-11-30T12:00:00Z');
    const hours = (schedule: string) =>
      (nextSyncAfter(schedule, ID_A, from, 'UTC')!.getTime() - from.getTime()) / 3_600_000;
    expect(hours('hourly')).toBeGreaterThan(0);
    expect(hours('hourly')).toBeLessThanOrEqual(1);
    expect(hours('daily')).toBeLessThanOrEqual(24);
    expect(hours('weekly')).toBeLessThanOrEqual(24 * 7);
    // 1,000 daily connections: no hour of the day gets more than a tenth of them.
    const perHour = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const hour = cronOf('daily', `conn-${i}`)!.split(' ')[1]!;
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    expect(Math.max(...perHour.values())).toBeLessThan(100);
  });

  it('reads cron in the instance’s time zone, through daylight saving time', () => {
    const at = (from: string) =>
      nextSyncAfter('0 3 * * *', ID_A, new Date(from), 'America/New_York')!.toISOString();
    expect(at('2026-11-30T12:00:00Z')).toBe('2026-12-01T08:00:00.000Z');
    expect(at('2026-07-01T12:00:00Z')).toBe('2026-07-02T07:00:00.000Z');
    expect(() => nextSyncAfter('61 * * * *', ID_A, new Date(), 'UTC')).toThrow(/syncSchedule/);
  });
});

describe('scheduled syncs through the API and two worker processes', () => {
  let t: TestApp;
  let admin: string;
  let second: Awaited<ReturnType<typeof startSecondApp>>;
  const create = (body: Record<string, unknown> = {}) =>
    createConnection(t, { ...postgresTarget(), name: unique('Scheduled'), ...body });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    second = await startSecondApp(t);
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('syncs daily unless set, says when next, and takes off, hourly, weekly and cron', async () => {
    const created = await create();
    expect(created.syncSchedule).toBe('daily');
    const due = Date.parse(created.nextSyncAt!) - Date.now();
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThanOrEqual(86_400_000);
    const patch = (body: Record<string, unknown>) =>
      t.request('PATCH', `/api/connections/${created.id}`, { token: admin, body });
    const off = await patch({ syncSchedule: 'off' });
    expect(off.json<{ data: Connection }>().data.nextSyncAt).toBeNull();
    const cron = await patch({ syncSchedule: '*/15 * * * *' });
    const next = new Date(cron.json<{ data: Connection }>().data.nextSyncAt!);
    expect(next.getUTCMinutes() % 15).toBe(0);
    for (const bad of ['every day', '61 * * * *']) {
      const res = await patch({ syncSchedule: bad });
      expect([400, 422]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain('syncSchedule');
    }
    const disabled = await patch({ isActive: false });
    expect(disabled.json<{ data: Connection }>().data.nextSyncAt).toBeNull();
  });

  it('queues each due sync once with two schedulers, skips disabled ones, and moves the next time', async () => {
    const due = [await create(), await create(), await create()];
    const disabled = await create({ isActive: false });
    // Let the syncs their creation queued finish as far as the queue knows: none is open.
    await t.pool.query(`update data_connections set schema_job_id = null where id = any($1)`, [
      due.map((c) => c.id),
    ]);
    await t.pool.query(
      `update data_connections set next_sync_at = now() - interval '1 minute' where id = any($1)`,
      [[...due, disabled].map((c) => c.id)],
    );
    const before = await t.pool.query(
      `select count(*)::int as n from audit_events where action = 'connections:schema_sync_queued'
          and details->>'reason' = 'scheduled'`,
    );
    const [a, b] = await Promise.all([
      t.app.get(SchemaSyncScheduler).tick(),
      second.app.get(SchemaSyncScheduler).tick(),
    ]);
    expect(a + b).toBe(3);
    const after = await t.pool.query<{ id: string }>(
      `select resource_id as id from audit_events where action = 'connections:schema_sync_queued'
          and details->>'reason' = 'scheduled' order by created_at`,
    );
    expect(after.rows.length - (before.rows[0] as { n: number }).n).toBe(3);
    expect(new Set(after.rows.map((r) => r.id))).toEqual(new Set(due.map((c) => c.id)));
    const { rows } = await t.pool.query<{ id: string; next: Date | null }>(
      'select id, next_sync_at as next from data_connections where id = any($1)',
      [[...due, disabled].map((c) => c.id)],
    );
    for (const row of rows) {
      if (row.id === disabled.id) expect(row.next!.getTime()).toBeLessThan(Date.now());
      else expect(row.next!.getTime()).toBeGreaterThan(Date.now());
    }
    // Nothing is due any more: another round queues nothing.
    expect(await t.app.get(SchemaSyncScheduler).tick()).toBe(0);
  });
});
