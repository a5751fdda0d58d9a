import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';

const SECRET = new TextEncoder().encode('test-jwt-secret-that-is-long-enough-0123456789');
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth abuse', () => {
  let t: TestApp;
  let token: string;
  let claims: { sub: string; jti: string };
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.adminToken();
    claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      jti: string;
    };
  });
  afterAll(() => t.close());

  const me = (bearer: string) => t.request('GET', '/api/auth/me', { token: bearer });

  it('accepts the real token', async () => {
    expect((await me(token)).status).toBe(200);
  });

  it('refuses an unsigned alg:none token for a real session', async () => {
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'sluice', exp: 9_999_999_999 })}.`;
    expect((await me(forged)).status).toBe(401);
  });

  it('refuses a token signed with another key', async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setJti(claims.jti)
      .setIssuer('sluice')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-of-a-decent-length-000000'));
    expect((await me(forged)).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setJti(claims.jti)
      .setIssuer('sluice')
      .setIssuedAt(1_000)
      .setExpirationTime(2_000)
      .sign(SECRET);
    expect((await me(expired)).status).toBe(401);
  });

  it('refuses a token whose payload was edited', async () => {
    const [header, , signature] = token.split('.');
    const edited = `${header}.${b64({ ...claims, sub: '00000000-0000-4000-8000-000000000000', iss: 'sluice', exp: 9_999_999_999 })}.${signature}`;
    expect((await me(edited)).status).toBe(401);
  });

  it('refuses a well-signed token for a session that does not exist', async () => {
    const orphan = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setJti('00000000-0000-4000-8000-000000000000')
      .setIssuer('sluice')
      .setExpirationTime('1h')
      .sign(SECRET);
    expect((await me(orphan)).status).toBe(401);
  });

  describe('cookie sessions and the Origin check', () => {
    const body = { name: 'csrf', dbType: 'sqlite', databaseName: 'x.db' };
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/connections',
        headers: { 'content-type': 'application/json', host: 'sluice.example.com', ...headers },
        payload: body,
      });

    it('refuses a cookie-authenticated change from a foreign or missing Origin, and changes nothing', async () => {
      const cookie = `sluice_session=${token}`;
      expect((await post({ cookie, origin: 'https://evil.example' })).statusCode).toBe(403);
      expect((await post({ cookie })).statusCode).toBe(403);
      const rows = await t.pool.query(`select 1 from data_connections where name = 'csrf'`);
      expect(rows.rowCount).toBe(0);
    });

    it('accepts it from Sluice’s own origin, and a Bearer token without any Origin', async () => {
      expect(
        (await post({ cookie: `sluice_session=${token}`, origin: 'http://sluice.example.com' }))
          .statusCode,
      ).toBe(201);
      expect((await post({ authorization: `Bearer ${token}` })).statusCode).toBe(201);
    });

    it('checks the Origin of a cookie request that carries another Authorization scheme, and the Origin scheme too (security finding 11)', async () => {
      const cookie = `sluice_session=${token}`;
      const count = async () =>
        (await t.pool.query(`select 1 from data_connections where name = 'csrf'`)).rowCount;
      const before = await count();
      expect((await post({ cookie, authorization: 'Basic Zm9vOmJhcg==' })).statusCode).toBe(403);
      expect((await post({ cookie, authorization: 'Bearer ' })).statusCode).toBe(403);
      expect((await post({ cookie, origin: 'https://sluice.example.com' })).statusCode).toBe(403);
      expect(await count()).toBe(before);
    });

    it('lets safe reads through with the cookie alone', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/connections',
        headers: { cookie: `sluice_session=${token}` },
      });
      expect(res.statusCode).toBe(200);
    });
  });

  it('sets the session cookie Secure behind TLS', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: 'true' });
    try {
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: TEST_ADMIN,
      });
      expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await proxied.close();
    }
  });
});
