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
