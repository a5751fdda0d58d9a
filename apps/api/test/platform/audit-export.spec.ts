import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN, unique, type TestApp } from '../support/test-app';

interface EventBody {
  action: string;
  resourceId: string | null;
  actorName: string | null;
  resourceName: string | null;
}
type ListBody = { data: { items: EventBody[]; total: number } };

describe('audit events a person can read: names, action groups, CSV', () => {
  let t: TestApp;
  let admin: string;
  let adminName: string;
  let userId: string;
  const hostileName = `=1+1, "quoted" ${unique('u')}`;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    const created = await t.request('POST', '/api/users', {
      token: admin,
      body: {
        email: `${unique('csv')}@test.sluice`,
        name: hostileName,
        role: 'viewer',
        password: 'a-long-enough-password',
      },
    });
    userId = created.json<{ data: { id: string } }>().data.id;
    const users = await t.request('GET', '/api/users?pageSize=100', { token: admin });
    adminName = users
      .json<{ data: { items: { email: string; name: string }[] } }>()
      .data.items.find((u) => u.email === TEST_ADMIN.email)!.name;
  });
  afterAll(() => t.close());

  it('names the actor and the resource', async () => {
    const res = await t.request('GET', `/api/audit-events?resourceType=user&resourceId=${userId}`, {
      token: admin,
    });
    const created = res.json<ListBody>().data.items.find((e) => e.action === 'users:create');
    expect(created).toMatchObject({ actorName: adminName, resourceName: hostileName });
  });

  it('an action without a colon is its whole group; with one, that action alone', async () => {
    const group = await t.request('GET', '/api/audit-events?action=users&pageSize=100', {
      token: admin,
    });
    const actions = group.json<ListBody>().data.items.map((e) => e.action);
    expect(actions).toContain('users:create');
    expect(actions.every((a) => a.startsWith('users:'))).toBe(true);
    const partial = await t.request('GET', '/api/audit-events?action=user', { token: admin });
    expect(partial.json<ListBody>().data.total).toBe(0);
    const wildcard = await t.request('GET', '/api/audit-events?action=%25', { token: admin });
    expect(wildcard.json<ListBody>().data.total).toBe(0);
  });

  it('exports the filtered events as CSV, formulas defused', async () => {
    const res = await t.request('GET', `/api/audit-events/export?resourceId=${userId}`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('sluice-audit.csv');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'time,actor,actor_email,action,resource_type,resource_id,resource,details,ip',
    );
    const row = lines.find((l) => l.includes(',users:create,'));
    expect(row).toContain(`,user,${userId},"'=1+1, ""quoted"" `);
    expect(row).toContain(`${adminName},${TEST_ADMIN.email},users:create`);
    // Only the filtered resource's events.
    expect(lines.slice(1).every((l) => l.includes(userId))).toBe(true);
  });

  it('refuses bad filters and readers without audit:read', async () => {
    const bad = await t.request('GET', '/api/audit-events/export?from=yesterday', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.body).toContain('from');
    const viewer = await t.userWithRole('viewer');
    const denied = await t.request('GET', '/api/audit-events/export', { token: viewer.token });
    expect(denied.status).toBe(403);
  });
});
