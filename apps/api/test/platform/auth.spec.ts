import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@sluice/contracts';
import { createTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  describe('POST /api/auth/login', () => {
    it('returns a token, the user and an httpOnly SameSite=Strict cookie for good credentials', async () => {
      const res = await t.request('POST', '/api/auth/login', { body: TEST_ADMIN });
      expect(res.status).toBe(200);
      const body = res.json<{
        data: { accessToken: string; expiresIn: number; user: { email: string; role: string } };
      }>();
      expect(body.data.accessToken.split('.')).toHaveLength(3);
      expect(body.data.expiresIn).toBe(480 * 60);
      expect(body.data.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^sluice_session=/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(res.body).not.toContain(TEST_ADMIN.password);
    });

    it('accepts the email in any case', async () => {
      const res = await t.request('POST', '/api/auth/login', {
        body: { ...TEST_ADMIN, email: TEST_ADMIN.email.toUpperCase() },
      });
      expect(res.status).toBe(200);
    });

    it('answers an unknown email and a wrong password with the same 401', async () => {
      const unknown = await t.request('POST', '/api/auth/login', {
        body: { email: 'nobody@test.sluice', password: 'whatever-password' },
      });
      const wrong = await t.request('POST', '/api/auth/login', {
        body: { email: TEST_ADMIN.email, password: 'not-the-password' },
      });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.json().detail).toBe(wrong.json().detail);
      expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
      expect(unknown.headers['content-type']).toContain('application/problem+json');
    });

    it('throttles repeated failures for one account with 429 and Retry-After', async () => {
      const { email } = await t.userWithRole('viewer');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.request('POST', '/api/auth/login', {
          body: { email, password: 'wrong-password-x' },
        });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(res.json().code).toBe('TOO_MANY_REQUESTS');
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });

    it('returns 400 naming the fields for a malformed body', async () => {
      const res = await t.request('POST', '/api/auth/login', { body: { email: 'not-an-email' } });
      expect(res.status).toBe(400);
      const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
    });

    it('records successful and failed logins in the audit log without the password', async () => {
      const rows = await t.pool.query<{ action: string; details: unknown }>(
        `select action, details from audit_events where action like 'auth:login%'`,
      );
      expect(rows.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['auth:login', 'auth:login_failed']),
      );
      expect(JSON.stringify(rows.rows)).not.toContain('wrong-password-x');
    });
  });

  describe('GET /api/auth/me', () => {
    it('returns 401 without a token', async () => {
      const res = await t.request('GET', '/api/auth/me');
      expect(res.status).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    });

    it.each(['garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'])(
      'returns 401 for the token %s',
      async (token) => {
        const res = await t.request('GET', '/api/auth/me', { token });
        expect(res.status).toBe(401);
      },
    );

    it.each(['admin', 'contributor', 'viewer'] as const)(
      'returns the role and permissions of a %s',
      async (role) => {
        const user =
          role === 'admin' ? { token: await t.adminToken() } : await t.userWithRole(role);
        const res = await t.request('GET', '/api/auth/me', { token: user.token });
        expect(res.status).toBe(200);
        const me = res.json<{ data: { role: string; permissions: string[] } }>().data;
        expect(me.role).toBe(role);
        expect([...me.permissions].sort()).toEqual([...ROLE_PERMISSIONS[role]].sort());
      },
    );

    it('accepts the session cookie instead of a Bearer header', async () => {
      const token = await t.adminToken();
      const res = await t.request('GET', '/api/auth/me', {
        headers: { cookie: `sluice_session=${token}` },
      });
      expect(res.status).toBe(200);
    });
  });

  describe('GET /api/auth/session', () => {
    it('answers 200 with null for a visitor and the user for a session', async () => {
      const visitor = await t.request('GET', '/api/auth/session');
      expect(visitor.status).toBe(200);
      expect(visitor.json()).toEqual({ data: null });
      const signedIn = await t.request('GET', '/api/auth/session', { token: await t.adminToken() });
      expect(signedIn.json<{ data: { email: string } }>().data.email).toBe(TEST_ADMIN.email);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('returns 204, clears the cookie and revokes the token', async () => {
      const token = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
      const res = await t.request('POST', '/api/auth/logout', { token });
      expect(res.status).toBe(204);
      expect(String(res.headers['set-cookie'])).toMatch(/sluice_session=;/);
      const after = await t.request('GET', '/api/auth/me', { token });
      expect(after.status).toBe(401);
    });
  });

  describe('sessions end with the password (security finding 9)', () => {
    it('a user who changes their own password keeps only the session they changed it from', async () => {
      const admin = await t.userWithRole('admin');
      const other = await t.login(admin.email, admin.password);
      const res = await t.request('PATCH', `/api/users/${admin.id}`, {
        token: admin.token,
        body: { password: 'a-brand-new-password-7' },
      });
      expect(res.status, res.body).toBe(200);
      expect((await t.request('GET', '/api/auth/me', { token: admin.token })).status).toBe(200);
      expect((await t.request('GET', '/api/auth/me', { token: other })).status).toBe(401);
    });

    it('POST /api/auth/logout-everywhere ends every session of the caller, and only theirs', async () => {
      const user = await t.userWithRole('contributor');
      const second = await t.login(user.email, user.password);
      const bystander = await t.userWithRole('contributor');
      const res = await t.request('POST', '/api/auth/logout-everywhere', { token: second });
      expect(res.status).toBe(204);
      expect(String(res.headers['set-cookie'])).toMatch(/sluice_session=;/);
      for (const token of [user.token, second])
        expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
      expect((await t.request('GET', '/api/auth/me', { token: bystander.token })).status).toBe(200);
      const audit = await t.pool.query(
        `select 1 from audit_events where action = 'auth:logout_everywhere' and resource_id = $1`,
        [user.id],
      );
      expect(audit.rowCount).toBe(1);
    });
  });

  describe('deactivation', () => {
    it('stops a deactivated user’s token on the next request', async () => {
      const user = await t.userWithRole('contributor');
      expect((await t.request('GET', '/api/auth/me', { token: user.token })).status).toBe(200);
      const patch = await t.request('PATCH', `/api/users/${user.id}`, {
        token: await t.adminToken(),
        body: { isActive: false },
      });
      expect(patch.status).toBe(200);
      expect((await t.request('GET', '/api/auth/me', { token: user.token })).status).toBe(401);
      const relogin = await t.request('POST', '/api/auth/login', {
        body: { email: user.email, password: user.password },
      });
      expect(relogin.status).toBe(401);
    });
  });
});
