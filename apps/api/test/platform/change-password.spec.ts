import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('POST /api/auth/password: changing your own password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('needs the current password, then signs every other session out', async () => {
    const user = await t.userWithRole('viewer');
    const other = await t.login(user.email, user.password);
    const wrong = await t.request('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('currentPassword');
    const short = await t.request('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.json())).toContain('newPassword');
    const changed = await t.request('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'a-brand-new-password' },
    });
    expect(changed.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: user.token })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: other })).status).toBe(401);
    const login = (password: string) =>
      t.request('POST', '/api/auth/login', { body: { email: user.email, password } });
    expect((await login(user.password)).status).toBe(401);
    expect((await login('a-brand-new-password')).status).toBe(200);
    const events = await t.pool.query<{ action: string; details: unknown }>(
      "select action, details from audit_events where resource_id = $1 and action like 'auth:password%' order by created_at",
      [user.id],
    );
    expect(events.rows.map((e) => e.action)).toEqual([
      'auth:password_change_failed',
      'auth:password_changed',
    ]);
    expect(JSON.stringify(events.rows)).not.toContain('a-brand-new-password');
  });
});

describe('an admin asks for a new password at the next sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  interface Problem {
    code: string;
    detail: string;
  }

  it('lets the user do nothing but change it (or sign out) until they do', async () => {
    const admin = await t.adminToken();
    const created = await t.request('POST', '/api/users', {
      token: admin,
      body: {
        email: 'first-day@example.com',
        name: 'First Day',
        role: 'contributor',
        password: 'given-by-the-admin',
        mustChangePassword: true,
      },
    });
    expect(created.status).toBe(201);
    const user = created.json<{ data: { id: string; mustChangePassword: boolean } }>().data;
    expect(user.mustChangePassword).toBe(true);
    const login = await t.request('POST', '/api/auth/login', {
      body: { email: 'first-day@example.com', password: 'given-by-the-admin' },
    });
    expect(login.status).toBe(200);
    const signedIn = login.json<{
      data: { accessToken: string; user: { mustChangePassword: boolean } };
    }>().data;
    expect(signedIn.user.mustChangePassword).toBe(true);
    const token = signedIn.accessToken;
    const refused = await t.request('GET', '/api/connections', { token });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json<Problem>().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.json<Problem>().detail).toContain('Choose a new password');
    // No API token can be made around it either.
    const minted = await t.request('POST', '/api/tokens', {
      token,
      body: { name: 'around it', scopes: ['connections:read'] },
    });
    expect(minted.status).toBe(403);
    expect(
      (await t.pool.query('select 1 from api_tokens where name = $1', ['around it'])).rowCount,
    ).toBe(0);
    const me = await t.request('GET', '/api/auth/me', { token });
    expect(me.json<{ data: { mustChangePassword: boolean } }>().data.mustChangePassword).toBe(true);
    const changed = await t.request('POST', '/api/auth/password', {
      token,
      body: { currentPassword: 'given-by-the-admin', newPassword: 'chosen-by-myself' },
    });
    expect(changed.status).toBe(204);
    expect((await t.request('GET', '/api/connections', { token })).status).toBe(200);
    const after = await t.request('GET', '/api/users?search=first-day', { token: admin });
    const listed = after.json<{ data: { items: { mustChangePassword: boolean }[] } }>().data.items;
    expect(listed.map((u) => u.mustChangePassword)).toEqual([false]);
  });

  it('reaches a user already signed in at their next request; their own reset clears it', async () => {
    const admin = await t.adminToken();
    const user = await t.userWithRole('viewer');
    expect((await t.request('GET', '/api/catalog/connections', { token: user.token })).status).toBe(
      200,
    );
    const asked = await t.request('PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { password: 'temporary-password-1', mustChangePassword: true },
    });
    expect(asked.status).toBe(200);
    expect(asked.json<{ data: { mustChangePassword: boolean } }>().data.mustChangePassword).toBe(
      true,
    );
    // The new password signed the old session out; the next sign-in is asked for a new one.
    expect((await t.request('GET', '/api/auth/me', { token: user.token })).status).toBe(401);
    const token = await t.login(user.email, 'temporary-password-1');
    const refused = await t.request('GET', '/api/catalog/connections', { token });
    expect(refused.json<Problem>().code).toBe('PASSWORD_CHANGE_REQUIRED');
    // Asked without a new password: the live session is stopped at once, too.
    await t.request('POST', '/api/auth/password', {
      token,
      body: { currentPassword: 'temporary-password-1', newPassword: 'chosen-by-myself-2' },
    });
    expect((await t.request('GET', '/api/catalog/connections', { token })).status).toBe(200);
    await t.request('PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { mustChangePassword: true },
    });
    expect((await t.request('GET', '/api/catalog/connections', { token })).status).toBe(403);
    const events = await t.pool.query<{ details: Record<string, unknown> }>(
      "select details from audit_events where resource_id = $1 and action = 'users:update' order by created_at",
      [user.id],
    );
    expect(events.rows.map((e) => e.details['mustChangePassword'])).toEqual([true, true]);
    expect(JSON.stringify(events.rows)).not.toContain('temporary-password-1');
  });
});
