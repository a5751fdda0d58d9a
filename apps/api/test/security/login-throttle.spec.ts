import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Two API processes on one metadata database, as behind a load balancer: a second Nest app on
 * the same database stands for the second process. Each test signs in from an address of its
 * own (X-Forwarded-For, with TRUST_PROXY) so that the per-address limit stays out of the way.
 */
describe('sign-in throttle shared by every API process', () => {
  let t: TestApp;
  let second: NestFastifyApplication;
  let address = 0;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'true' });
    second = await createApp({
      config: t.config,
      pool: t.pool,
      logger: createLogger({ level: 'silent', pretty: false }),
    });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const signIn = async (
    app: NestFastifyApplication,
    ip: string,
    email: string,
    password: string,
  ) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      payload: { email, password },
    });
    return res.statusCode;
  };
  const nextAddress = () => `198.51.100.${++address}`;

  it('counts failures made on either process against the same account', async () => {
    const { email } = await t.userWithRole('viewer');
    const ip = nextAddress();
    const statuses = [];
    for (const app of [t.app, second, t.app, second, t.app])
      statuses.push(await signIn(app, ip, email, 'wrong-password-x'));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('lets no more than the limit through when attempts arrive at once', async () => {
    const { email } = await t.userWithRole('viewer');
    const ip = nextAddress();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        signIn(i % 2 ? second : t.app, ip, email, 'wrong-password-x'),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('starts an account afresh after a success', async () => {
    const { email, password } = await t.userWithRole('viewer');
    const ip = nextAddress();
    const statuses = [];
    for (const [app, attempt] of [
      [t.app, 'wrong-password-x'],
      [second, 'wrong-password-x'],
      [t.app, password],
      [second, 'wrong-password-x'],
      [t.app, 'wrong-password-x'],
      [second, 'wrong-password-x'],
      [t.app, password],
    ] as const)
      statuses.push(await signIn(app, ip, email, attempt));
    expect(statuses).toEqual([401, 401, 200, 401, 401, 401, 429]);
  });

  it('limits one address across accounts, and forgets failures past the window', async () => {
    const ip = nextAddress();
    const statuses = [];
    for (let i = 0; i < 13; i++)
      statuses.push(await signIn(second, ip, `nobody-${i}@test.sluice`, 'wrong-password-x'));
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses[12]).toBe(429);
    // The window passing, played by ageing this address's failures in the shared table.
    await t.pool.query(
      `update login_failures set failed_at = failed_at - interval '1 day' where key = $1`,
      [`address:${ip}`],
    );
    expect(await signIn(t.app, ip, 'nobody-13@test.sluice', 'wrong-password-x')).toBe(401);
    const { rows } = await t.pool.query<{ n: number }>(
      `select count(*)::int as n from login_failures where key = $1`,
      [`address:${ip}`],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
