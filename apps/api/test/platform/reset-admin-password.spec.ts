import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sluiceCli } from '../support/sluice-cli';
import { until } from '../support/until';
import { createTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';

describe('npm run sluice -- reset-admin-password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const run = (...args: string[]) => sluiceCli(t, {}, ...args);

  it('prints a new password once, which signs in, and signs every old session out', async () => {
    const before = await t.adminToken();
    expect((await t.request('GET', '/api/auth/me', { token: before })).status).toBe(200);
    const result = run('reset-admin-password', '--email', TEST_ADMIN.email.toUpperCase());
    expect(result.status, result.stderr).toBe(0);
    const password = /New password for \S+: (\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    // Another process changed the database: this one hears of it through the change feed.
    await until(async () =>
      expect((await t.request('GET', '/api/auth/me', { token: before })).status).toBe(401),
    );
    const old = await t.request('POST', '/api/auth/login', { body: TEST_ADMIN });
    expect(old.status).toBe(401);
    const fresh = await t.request('POST', '/api/auth/login', {
      body: { email: TEST_ADMIN.email, password },
    });
    expect(fresh.status).toBe(200);
    const audit = await t.pool.query<{ details: { via: string } }>(
      "select details from audit_events where action = 'users:password_reset'",
    );
    expect(audit.rows.map((r) => r.details.via)).toEqual(['reset-admin-password']);
    expect(JSON.stringify(audit.rows)).not.toContain(password);
  });

  it('names an unknown email and a missing argument, and changes nothing', () => {
    const unknown = run('reset-admin-password', '--email', 'nobody@example.com');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No admin has the email nobody@example.com');
    const missing = run('reset-admin-password', '--email');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Usage: npm run sluice -- reset-admin-password');
    expect(run('unknown-command').status).toBe(2);
  });
});
