import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

interface EventBody {
  action: string;
  resourceType: string;
  resourceId: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  ip: string | null;
  createdAt: string;
}
type ListBody = { data: { items: EventBody[]; total: number } };

describe('GET /api/audit-events', () => {
  let t: TestApp;
  let admin: string;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    userId = (await t.userWithRole('viewer')).id;
  });
  afterAll(() => t.close());

  it('lists events newest first with the actor', async () => {
    const res = await t.request('GET', '/api/audit-events', { token: admin });
    expect(res.status).toBe(200);
    const items = res.json<ListBody>().data.items;
    expect(items[0]?.action).toBe('auth:login');
    const created = items.find((e) => e.action === 'users:create');
    expect(created).toMatchObject({
      resourceType: 'user',
      resourceId: userId,
      actorEmail: 'admin@test.sluice',
    });
    expect(created?.ip).toBeTruthy();
  });

  it('filters by action, resource and actor', async () => {
    const byAction = await t.request('GET', '/api/audit-events?action=users:create', {
      token: admin,
    });
    expect(byAction.json<ListBody>().data.items.every((e) => e.action === 'users:create')).toBe(
      true,
    );
    const byResource = await t.request(
      'GET',
      `/api/audit-events?resourceType=user&resourceId=${userId}`,
      { token: admin },
    );
    const items = byResource.json<ListBody>().data.items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.resourceId === userId)).toBe(true);
    const actor = items[0]!.actorUserId!;
    const byActor = await t.request('GET', `/api/audit-events?actorUserId=${actor}`, {
      token: admin,
    });
    expect(byActor.json<ListBody>().data.items.every((e) => e.actorUserId === actor)).toBe(true);
  });

  it('filters by a date range', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await t.request('GET', `/api/audit-events?from=${future}`, { token: admin });
    expect(none.json<ListBody>().data.total).toBe(0);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const all = await t.request('GET', `/api/audit-events?from=${past}&to=${future}`, {
      token: admin,
    });
    expect(all.json<ListBody>().data.total).toBeGreaterThan(1);
  });

  it('cannot be changed or deleted, even straight in the database', async () => {
    await expect(t.pool.query(`update audit_events set action = 'forged'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.pool.query('delete from audit_events')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('truncate audit_events')).rejects.toThrow(/append-only/);
    for (const method of ['PATCH', 'DELETE'] as const) {
      expect((await t.request(method, '/api/audit-events', { token: admin })).status).toBe(404);
    }
  });

  it('returns 400 for malformed filters', async () => {
    for (const query of [
      'from=yesterday',
      'actorUserId=12',
      'pageSize=0',
      'unknown=1',
      `from=${new Date().toISOString()}&to=2000-01-01T00:00:00Z`,
    ]) {
      const res = await t.request('GET', `/api/audit-events?${query}`, { token: admin });
      expect(res.status, query).toBe(400);
    }
  });
});
