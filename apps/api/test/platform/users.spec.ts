import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../support/test-app';

interface UserBody {
  id: string;
  email: string;
  role: string;
  isActive: boolean;
  name: string;
}

describe('users API', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const newUser = () => ({
    email: `${unique('user')}@test.sluice`,
    name: 'New Person',
    role: 'viewer',
    password: 'a-long-password-1',
  });

  describe('POST /api/users', () => {
    it('returns 201 with the user and never a password or hash', async () => {
      const body = newUser();
      const res = await t.request('POST', '/api/users', { token: admin, body });
      expect(res.status).toBe(201);
      expect(res.json<{ data: UserBody }>().data).toMatchObject({
        email: body.email,
        role: 'viewer',
        isActive: true,
      });
      expect(res.body).not.toContain(body.password);
      expect(res.body).not.toMatch(/scrypt|passwordHash|password_hash/);
      const stored = await t.pool.query<{ password_hash: string }>(
        'select password_hash from users where email = $1',
        [body.email],
      );
      expect(stored.rows[0]?.password_hash).toMatch(/^scrypt\$/);
    });

    it('returns 409 for an email that exists, in any case', async () => {
      const body = newUser();
      expect((await t.request('POST', '/api/users', { token: admin, body })).status).toBe(201);
      const again = await t.request('POST', '/api/users', {
        token: admin,
        body: { ...body, email: body.email.toUpperCase() },
      });
      expect(again.status).toBe(409);
      expect(again.json().code).toBe('CONFLICT');
    });

    it('returns 400 naming each invalid field and saves nothing', async () => {
      const before = await t.pool.query('select count(*)::int as n from users');
      const res = await t.request('POST', '/api/users', {
        token: admin,
        body: { email: 'nope', name: '', role: 'owner', password: 'short', id: 'x' },
      });
      expect(res.status).toBe(400);
      const paths = res
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort();
      expect(paths).toEqual(['email', 'id', 'name', 'password', 'role']);
      const after = await t.pool.query('select count(*)::int as n from users');
      expect(after.rows[0]).toEqual(before.rows[0]);
    });
  });

  describe('GET /api/users', () => {
    it('pages through users', async () => {
      for (let i = 0; i < 3; i++)
        await t.request('POST', '/api/users', { token: admin, body: newUser() });
      const res = await t.request('GET', '/api/users?page=2&pageSize=2', { token: admin });
      expect(res.status).toBe(200);
      const page = res.json<{
        data: {
          items: UserBody[];
          total: number;
          page: number;
          pageSize: number;
          totalPages: number;
        };
      }>().data;
      expect(page.items).toHaveLength(2);
      expect(page).toMatchObject({ page: 2, pageSize: 2 });
      expect(page.totalPages).toBe(Math.ceil(page.total / 2));
      expect(res.body).not.toMatch(/scrypt|passwordHash/);
    });

    it('returns 400 for pageSize 101 and page 0', async () => {
      expect((await t.request('GET', '/api/users?pageSize=101', { token: admin })).status).toBe(
        400,
      );
      expect((await t.request('GET', '/api/users?page=0', { token: admin })).status).toBe(400);
      expect((await t.request('GET', '/api/users?page=abc', { token: admin })).status).toBe(400);
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('changes name, role and password', async () => {
      const user = await t.userWithRole('viewer');
      const res = await t.request('PATCH', `/api/users/${user.id}`, {
        token: admin,
        body: { name: 'Renamed', role: 'contributor', password: 'another-long-password' },
      });
      expect(res.status).toBe(200);
      expect(res.json<{ data: UserBody }>().data).toMatchObject({
        name: 'Renamed',
        role: 'contributor',
      });
      await expect(t.login(user.email, 'another-long-password')).resolves.toBeTruthy();
    });

    it('takes a role change into account on the next request', async () => {
      const user = await t.userWithRole('viewer');
      expect((await t.request('GET', '/api/users', { token: user.token })).status).toBe(403);
      await t.request('PATCH', `/api/users/${user.id}`, { token: admin, body: { role: 'admin' } });
      expect((await t.request('GET', '/api/users', { token: user.token })).status).toBe(200);
    });

    it('refuses that anyone changes their own role or deactivates themselves', async () => {
      const other = await t.userWithRole('viewer');
      await t.request('PATCH', `/api/users/${other.id}`, { token: admin, body: { role: 'admin' } });
      const me = await t.request('GET', '/api/auth/me', { token: other.token });
      const myId = me.json<{ data: { id: string } }>().data.id;
      const demote = await t.request('PATCH', `/api/users/${myId}`, {
        token: other.token,
        body: { role: 'viewer' },
      });
      expect(demote.status).toBe(403);
      const off = await t.request('PATCH', `/api/users/${myId}`, {
        token: other.token,
        body: { isActive: false },
      });
      expect(off.status).toBe(403);
    });

    it('refuses that a contributor promotes themselves', async () => {
      const user = await t.userWithRole('contributor');
      const res = await t.request('PATCH', `/api/users/${user.id}`, {
        token: user.token,
        body: { role: 'admin' },
      });
      expect(res.status).toBe(403);
      const row = await t.pool.query<{ name: string }>(
        'select r.name from users u join roles r on r.id = u.role_id where u.id = $1',
        [user.id],
      );
      expect(row.rows[0]?.name).toBe('contributor');
    });

    it('returns 400 for a malformed id, 404 for an unknown one, 400 for an empty body', async () => {
      expect(
        (await t.request('PATCH', '/api/users/not-a-uuid', { token: admin, body: { name: 'x' } }))
          .status,
      ).toBe(400);
      const unknown = await t.request('PATCH', '/api/users/6f1c1f7e-1111-4222-8333-944444444444', {
        token: admin,
        body: { name: 'x' },
      });
      expect(unknown.status).toBe(404);
      const user = await t.userWithRole('viewer');
      expect(
        (await t.request('PATCH', `/api/users/${user.id}`, { token: admin, body: {} })).status,
      ).toBe(400);
    });

    it('audits the names of changed fields but never the password', async () => {
      const user = await t.userWithRole('viewer');
      await t.request('PATCH', `/api/users/${user.id}`, {
        token: admin,
        body: { password: 'secret-new-password-42' },
      });
      const rows = await t.pool.query<{ details: { changedFields: string[] } }>(
        `select details from audit_events where action = 'users:update' and resource_id = $1`,
        [user.id],
      );
      expect(rows.rows[0]?.details.changedFields).toEqual(['password']);
      expect(JSON.stringify(rows.rows)).not.toContain('secret-new-password-42');
      expect(t.logs.join('')).not.toContain('secret-new-password-42');
    });
  });
});
