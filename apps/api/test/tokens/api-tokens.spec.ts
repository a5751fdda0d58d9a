import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { createPool } from '../../src/db/database';
import { ChangeFeed } from '../../src/db/change-feed';
import { createTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

interface Created {
  id: string;
  token: string;
  scopes: string[];
  expiresAt: string;
  lastUsedAt: string | null;
}

describe('API tokens', () => {
  let t: TestApp;
  let admin: string;
  const create = async (body: Record<string, unknown>, token = admin) =>
    t.request('POST', '/api/tokens', { token, body });
  const made = async (scopes: string[], token = admin, expiresInDays?: number) => {
    const res = await create({ name: `tool ${scopes.join(' ')}`, scopes, expiresInDays }, token);
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: Created }>().data;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('is shown once, stored as a hash, and listed without its value', async () => {
    const token = await made(['connections:read']);
    expect(token.token).toMatch(/^sluice_pat_[0-9A-Za-z]{43}$/);
    const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const stored = await t.pool.query<{ token_hash: string }>(
      'select token_hash from api_tokens where id = $1',
      [token.id],
    );
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = await t.pool.query('select row_to_json(a)::text as row from api_tokens a');
    expect(dump.rows.map((r: { row: string }) => r.row).join()).not.toContain(token.token);
    const list = await t.request('GET', '/api/tokens', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(token.token);
    expect(list.json<{ data: { id: string }[] }>().data.map((x) => x.id)).toContain(token.id);
  });

  it('acts as its owner within its scopes, naming a missing scope', async () => {
    const token = await made(['connections:read']);
    expect((await t.request('GET', '/api/connections', { token: token.token })).status).toBe(200);
    const write = await t.request('POST', '/api/connections', {
      token: token.token,
      body: { name: 'x', dbType: 'sqlite', databaseName: 'x.db' },
    });
    expect(write.status).toBe(403);
    expect(write.json().detail).toContain('lacks the scope connections:write');
    const me = await t.request('GET', '/api/auth/me', { token: token.token });
    expect(me.json<{ data: { permissions: string[] } }>().data.permissions).toEqual([
      'connections:read',
    ]);
    await until(async () => {
      const row = await t.pool.query<{ last_used_at: Date | null }>(
        'select last_used_at from api_tokens where id = $1',
        [token.id],
      );
      expect(row.rows[0]!.last_used_at).not.toBeNull();
    });
  });

  it('refuses scopes beyond the caller, bad lifetimes and unknown fields, naming the field', async () => {
    const contributor = await t.userWithRole('contributor');
    const beyond = await create({ name: 'x', scopes: ['users:read'] }, contributor.token);
    expect(beyond.status).toBe(403);
    expect(beyond.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('scopes');
    for (const [body, path] of [
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['connections:read'], expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', scopes: ['connections:read'], expiresInDays: 366 }, 'expiresInDays'],
      [{ name: '', scopes: ['connections:read'] }, 'name'],
      [{ name: 'x', scopes: ['root'] }, 'scopes.0'],
    ] as const) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe(path);
    }
    const count = await t.pool.query<{ n: number }>(
      'select count(*)::int as n from api_tokens where name = $1',
      ['x'],
    );
    expect(count.rows[0]!.n).toBe(0);
  });

  it('cannot create another token, so a leaked one cannot outlive itself', async () => {
    const token = await made(['connections:read']);
    const res = await create({ name: 'child', scopes: ['connections:read'] }, token.token);
    expect(res.status).toBe(403);
  });

  it('stops at once when revoked, expired, or its owner is demoted or deactivated', async () => {
    const revoked = await made(['connections:read']);
    expect((await t.request('GET', '/api/connections', { token: revoked.token })).status).toBe(200);
    const del = await t.request('DELETE', `/api/tokens/${revoked.id}`, { token: admin });
    expect(del.status).toBe(204);
    expect((await t.request('GET', '/api/connections', { token: revoked.token })).status).toBe(401);
    expect((await t.request('DELETE', `/api/tokens/${revoked.id}`, { token: admin })).status).toBe(
      404,
    );

    const expired = await made(['connections:read']);
    await t.pool.query(
      "update api_tokens set expires_at = now() - interval '1 second' where id = $1",
      [expired.id],
    );
    expect((await t.request('GET', '/api/connections', { token: expired.token })).status).toBe(401);

    const user = await t.userWithRole('admin');
    const own = await made(['users:read'], user.token);
    expect((await t.request('GET', '/api/users', { token: own.token })).status).toBe(200);
    const demote = await t.request('PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { role: 'contributor' },
    });
    expect(demote.status).toBe(200);
    const demoted = await t.request('GET', '/api/users', { token: own.token });
    expect(demoted.status).toBe(403);
    expect(demoted.json().detail).toContain('needs the permission users:read');
    await t.request('PATCH', `/api/users/${user.id}`, { token: admin, body: { isActive: false } });
    expect((await t.request('GET', '/api/connections', { token: own.token })).status).toBe(401);
  });

  it("lets a user revoke only their own; an admin lists and revokes anyone's", async () => {
    const a = await t.userWithRole('contributor');
    const b = await t.userWithRole('contributor');
    const tokenOfA = await made(['connections:read'], a.token);
    expect(
      (await t.request('DELETE', `/api/tokens/${tokenOfA.id}`, { token: b.token })).status,
    ).toBe(404);
    expect((await t.request('GET', `/api/tokens?userId=${a.id}`, { token: b.token })).status).toBe(
      403,
    );
    const listed = await t.request('GET', `/api/tokens?userId=${a.id}`, { token: admin });
    expect(listed.json<{ data: { id: string }[] }>().data.map((x) => x.id)).toEqual([tokenOfA.id]);
    expect((await t.request('DELETE', `/api/tokens/${tokenOfA.id}`, { token: admin })).status).toBe(
      204,
    );
  });

  it('audits create and revoke, and records the token on what it does', async () => {
    const token = await made(['connections:read', 'connections:write']);
    const made1 = await t.request('POST', '/api/connections', {
      token: token.token,
      body: { name: `via token ${token.id}`, dbType: 'sqlite', databaseName: 'a.db' },
    });
    expect(made1.status, made1.body).toBe(201);
    await t.request('DELETE', `/api/tokens/${token.id}`, { token: admin });
    const events = await t.pool.query<{ action: string; details: Record<string, unknown> }>(
      `select action, details from audit_events
        where resource_id = $1 or details->>'tokenId' = $1 order by created_at`,
      [token.id],
    );
    const actions = events.rows.map((e) => e.action);
    expect(actions).toEqual([
      'tokens:create',
      'connections:create',
      'connections:schema_sync_queued',
      'tokens:revoke',
    ]);
    expect(JSON.stringify(events.rows)).not.toContain(token.token);
  });

  describe('in two processes', () => {
    let other: NestFastifyApplication;
    let otherPool: Pool;
    beforeAll(async () => {
      otherPool = createPool(t.config.databaseUrl!);
      const logger = createLogger({ level: 'silent', pretty: false });
      other = await createApp({ config: t.config, pool: otherPool, logger });
      await other.getHttpAdapter().getInstance().ready();
      await until(() => expect(other.get(ChangeFeed).live).toBe(true));
    });
    afterAll(async () => {
      await other.close();
      await otherPool.end();
    });

    it('a token revoked in one stops working in the other at once', async () => {
      const token = await made(['connections:read']);
      const ask = () =>
        other.inject({
          method: 'GET',
          url: '/api/connections',
          headers: { authorization: `Bearer ${token.token}` },
        });
      expect((await ask()).statusCode).toBe(200);
      expect((await ask()).statusCode).toBe(200);
      await t.request('DELETE', `/api/tokens/${token.id}`, { token: admin });
      await until(async () => expect((await ask()).statusCode).toBe(401), 2_000);
    });
  });
});
