import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../support/test-app';

describe('two admins demoting each other at once (security finding 10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const activeAdmins = async () =>
    (
      await t.pool.query<{ n: string }>(
        `select count(*) as n from users u join roles r on r.id = u.role_id
          where r.name = 'admin' and u.is_active`,
      )
    ).rows[0]!.n;

  /** An admin made by `by`, signed in. */
  const admin = async (by: string) => {
    const email = `${unique('admin')}@test.sluice`.toLowerCase();
    const password = `pw-${unique('secret')}`;
    const created = await t.request('POST', '/api/users', {
      token: by,
      body: { email, name: 'Racing admin', role: 'admin', password },
    });
    expect(created.status, created.body).toBe(201);
    const id = created.json<{ data: { id: string } }>().data.id;
    return { id, token: await t.login(email, password) };
  };

  it('lets one through and refuses the other, so an admin always remains', async () => {
    let survivor = await t.adminToken();
    for (let round = 0; round < 5; round++) {
      const a = await admin(survivor);
      const b = await admin(survivor);
      // Only a and b are active admins now: everyone else is made a viewer by a.
      const others = await t.pool.query<{ id: string }>(
        `select u.id from users u join roles r on r.id = u.role_id
          where r.name = 'admin' and u.is_active and u.id not in ($1, $2)`,
        [a.id, b.id],
      );
      for (const { id } of others.rows) {
        const res = await t.request('PATCH', `/api/users/${id}`, {
          token: a.token,
          body: { role: 'viewer' },
        });
        expect(res.status, res.body).toBe(200);
      }
      expect(await activeAdmins()).toBe('2');
      const [ab, ba] = await Promise.all([
        t.request('PATCH', `/api/users/${b.id}`, { token: a.token, body: { role: 'viewer' } }),
        t.request('PATCH', `/api/users/${a.id}`, { token: b.token, body: { isActive: false } }),
      ]);
      // One wins; the other is refused: 409 when it raced the check, 403 when the winner's
      // change had already taken its admin role away.
      expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
      expect([ab.status, ba.status].every((s) => [200, 403, 409].includes(s))).toBe(true);
      expect(await activeAdmins()).toBe('1');
      survivor = ab.status === 200 ? a.token : b.token;
    }
  });
});
