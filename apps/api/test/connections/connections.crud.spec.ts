import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { decrypt } from '../../src/common/encryption.util';
import { createTestApp, TEST_ENCRYPTION_KEY, unique, type TestApp } from '../support/test-app';

type One = { data: Connection };
type Many = {
  data: { items: Connection[]; total: number; page: number; pageSize: number; totalPages: number };
};
const UNKNOWN_ID = '6f1c1f7e-1111-4222-8333-944444444444';

describe('connections API', () => {
  let t: TestApp;
  let admin: string;
  let contributor: string;
  let viewer: string;

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: unique('Prod PG'),
    description: 'Main application database',
    dbType: 'postgresql',
    host: 'db.example.com',
    port: 5432,
    databaseName: 'app_prod',
    username: 'app_user',
    password: 'pa55-word-!',
    useSsl: true,
    options: { schema: 'public' },
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}, token = admin) => {
    const res = await t.request('POST', '/api/connections', { token, body: body(overrides) });
    expect(res.status, res.body).toBe(201);
    return res.json<One>().data;
  };
  const storedCredential = async (id: string) =>
    (
      await t.pool.query<{ c: string | null }>(
        'select encrypted_credential as c from data_connections where id = $1',
        [id],
      )
    ).rows[0]?.c;
  const keyring = () =>
    new Map([[t.config.encryption.keyId, Buffer.from(TEST_ENCRYPTION_KEY, 'base64')]]);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    contributor = (await t.userWithRole('contributor')).token;
    viewer = (await t.userWithRole('viewer')).token;
  });
  afterAll(() => t.close());

  describe('GET /api/connections', () => {
    it('returns 401 if not authenticated and 403 for a viewer', async () => {
      expect((await t.request('GET', '/api/connections')).status).toBe(401);
      expect((await t.request('GET', '/api/connections', { token: viewer })).status).toBe(403);
    });

    it('returns an empty list when there are no connections', async () => {
      const res = await t.request('GET', '/api/connections', { token: admin });
      expect(res.status).toBe(200);
      expect(res.json<Many>().data).toEqual({
        items: [],
        total: 0,
        page: 1,
        pageSize: 20,
        totalPages: 0,
      });
    });

    it('returns every connection to every authorized user, with hasCredential and no password', async () => {
      const mine = await create({}, admin);
      const theirs = await create({ password: undefined }, contributor);
      const res = await t.request('GET', '/api/connections?pageSize=100', { token: contributor });
      const items = res.json<Many>().data.items;
      expect(items.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(items.find((c) => c.id === mine.id)?.hasCredential).toBe(true);
      expect(items.find((c) => c.id === theirs.id)?.hasCredential).toBe(false);
      expect(res.body).not.toContain('pa55-word-!');
      expect(res.body).not.toMatch(/encryptedCredential|encrypted_credential|"password"|v1:/);
    });

    it('pages, searches name and description case-insensitively, filters and sorts', async () => {
      const tag = unique('zeta');
      await create({ name: `${tag} alpha`, dbType: 'mysql', port: 3306, options: {} });
      await create({
        name: `${tag} beta`,
        description: `holds ${tag.toUpperCase()} data`,
        dbType: 'postgresql',
      });
      await create({ name: `${tag} gamma`, dbType: 'mysql', port: 3306, options: {} });
      const search = await t.request(
        'GET',
        `/api/connections?search=${tag.toUpperCase()}&sortBy=name&sortOrder=asc`,
        { token: admin },
      );
      expect(search.json<Many>().data.items.map((c) => c.name)).toEqual([
        `${tag} alpha`,
        `${tag} beta`,
        `${tag} gamma`,
      ]);
      const filtered = await t.request(
        'GET',
        `/api/connections?search=${tag}&dbType=mysql&sortBy=name&sortOrder=desc`,
        { token: admin },
      );
      expect(filtered.json<Many>().data.items.map((c) => c.name)).toEqual([
        `${tag} gamma`,
        `${tag} alpha`,
      ]);
      const paged = await t.request(
        'GET',
        `/api/connections?search=${tag}&page=2&pageSize=2&sortBy=name&sortOrder=asc`,
        { token: admin },
      );
      expect(paged.json<Many>().data).toMatchObject({
        total: 3,
        page: 2,
        pageSize: 2,
        totalPages: 2,
      });
      expect(paged.json<Many>().data.items.map((c) => c.name)).toEqual([`${tag} gamma`]);
    });

    it('sorts names as a person reads them: case aside, numbers in order (security finding 20)', async () => {
      const prefix = unique('natural');
      for (const name of ['Warehouse', 'Bulk 10', 'mass', 'Bulk 2'])
        await create({ name: `${prefix} ${name}` });
      const res = await t.request(
        'GET',
        `/api/connections?search=${encodeURIComponent(prefix)}&sortBy=name&sortOrder=asc`,
        { token: admin },
      );
      expect(res.json<Many>().data.items.map((c) => c.name.slice(prefix.length + 1))).toEqual([
        'Bulk 2',
        'Bulk 10',
        'mass',
        'Warehouse',
      ]);
    });

    it('treats % and _ in a search as text', async () => {
      const res = await t.request('GET', '/api/connections?search=%25', { token: admin });
      expect(res.json<Many>().data.total).toBe(0);
    });

    it.each([
      'page=0',
      'pageSize=101',
      'pageSize=abc',
      'sortBy=password',
      'sortOrder=up',
      'dbType=mongodb',
      'color=red',
    ])('returns 400 for %s', async (query) => {
      const res = await t.request('GET', `/api/connections?${query}`, { token: admin });
      expect(res.status).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /api/connections/:id', () => {
    it('returns 401, 403, 200 with an ETag, 400 for a malformed id and 404 for an unknown one', async () => {
      const created = await create();
      expect((await t.request('GET', `/api/connections/${created.id}`)).status).toBe(401);
      expect(
        (await t.request('GET', `/api/connections/${created.id}`, { token: viewer })).status,
      ).toBe(403);
      const res = await t.request('GET', `/api/connections/${created.id}`, { token: contributor });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.json<One>().data).toMatchObject({
        id: created.id,
        host: 'db.example.com',
        hasCredential: true,
        version: 1,
      });
      expect((await t.request('GET', '/api/connections/123', { token: admin })).status).toBe(400);
      expect(
        (await t.request('GET', `/api/connections/${UNKNOWN_ID}`, { token: admin })).status,
      ).toBe(404);
    });
  });

  describe('POST /api/connections', () => {
    it('returns 401 and 403 for a viewer, and saves nothing', async () => {
      expect((await t.request('POST', '/api/connections', { body: body() })).status).toBe(401);
      expect(
        (await t.request('POST', '/api/connections', { token: viewer, body: body() })).status,
      ).toBe(403);
    });

    it('returns 201 with the connection, encrypts the password and never returns it', async () => {
      const res = await t.request('POST', '/api/connections', {
        token: contributor,
        body: body({ purpose: 'ai_readonly' }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      const created = res.json<One>().data;
      expect(created).toMatchObject({
        dbType: 'postgresql',
        port: 5432,
        hasCredential: true,
        useSsl: true,
        options: { schema: 'public' },
        purpose: 'ai_readonly',
        connectionMode: 'guided',
        isActive: true,
        // Its schema sync is queued at once (no worker runs in this test app).
        schemaStatus: 'queued',
        schemaProgress: null,
        lastTestedAt: null,
        lastTestResult: null,
        version: 1,
      });
      expect(res.body).not.toContain('pa55-word-!');
      const stored = await storedCredential(created.id);
      expect(stored).toMatch(new RegExp(`^v1:${t.config.encryption.keyId}:`));
      expect(stored).not.toContain('pa55-word-!');
      expect(JSON.parse(decrypt(stored!, keyring()))).toEqual({
        password: 'pa55-word-!',
        endpoint: expect.any(String) as string,
      });
    });

    it('records the creator and audits the creation without the password', async () => {
      const created = await create();
      const me = (await t.request('GET', '/api/auth/me', { token: admin })).json<{
        data: { id: string };
      }>().data.id;
      expect(created.createdByUserId).toBe(me);
      const rows = await t.pool.query(
        'select actor_user_id, details from audit_events where action = $1 and resource_id = $2',
        ['connections:create', created.id],
      );
      expect(rows.rows).toEqual([
        {
          actor_user_id: me,
          details: { name: created.name, dbType: 'postgresql', verified: false },
        },
      ]);
    });

    it('returns 400 naming each invalid field and saves nothing', async () => {
      const before = (
        await t.pool.query<{ n: number }>('select count(*)::int as n from data_connections')
      ).rows[0];
      const res = await t.request('POST', '/api/connections', {
        token: admin,
        body: {
          name: '',
          dbType: 'databricks',
          host: 'db host',
          port: 70000,
          password: 'x'.repeat(1001),
          hasCredential: true,
        },
      });
      expect(res.status).toBe(400);
      const paths = res
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort();
      expect(paths).toEqual([
        'hasCredential',
        'host',
        'name',
        'options.httpPath',
        'password',
        'port',
      ]);
      expect(
        (await t.pool.query('select count(*)::int as n from data_connections')).rows[0],
      ).toEqual(before);
    });

    it('stores a SQLite connection with no host or port', async () => {
      const created = await create({
        dbType: 'sqlite',
        host: undefined,
        port: undefined,
        databaseName: 'analytics.db',
        options: {},
      });
      expect(created).toMatchObject({
        dbType: 'sqlite',
        host: null,
        port: null,
        databaseName: 'analytics.db',
      });
    });
  });

  describe('PATCH /api/connections/:id', () => {
    it('returns 401 and 403 for a viewer', async () => {
      const created = await create();
      expect(
        (await t.request('PATCH', `/api/connections/${created.id}`, { body: { name: 'x' } }))
          .status,
      ).toBe(401);
      expect(
        (
          await t.request('PATCH', `/api/connections/${created.id}`, {
            token: viewer,
            body: { name: 'x' },
          })
        ).status,
      ).toBe(403);
    });

    it('returns 200 with the update, a new version and ETag', async () => {
      const created = await create();
      const res = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: contributor,
        body: { name: 'Renamed', port: 5433, password: 'typed-again' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.json<One>().data).toMatchObject({
        name: 'Renamed',
        port: 5433,
        host: 'db.example.com',
        version: 2,
      });
    });

    it('preserves the credential when password is omitted', async () => {
      const created = await create();
      const before = await storedCredential(created.id);
      const res = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { description: 'new' },
      });
      expect(res.json<One>().data.hasCredential).toBe(true);
      expect(await storedCredential(created.id)).toBe(before);
    });

    it('removes the credential when password is ""', async () => {
      const created = await create();
      const res = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { password: '' },
      });
      expect(res.json<One>().data.hasCredential).toBe(false);
      expect(await storedCredential(created.id)).toBeNull();
    });

    it('replaces the credential when a new password is given', async () => {
      const created = await create();
      const before = await storedCredential(created.id);
      const res = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { password: 'n3w-pass' },
      });
      expect(res.json<One>().data.hasCredential).toBe(true);
      const after = await storedCredential(created.id);
      expect(after).not.toBe(before);
      expect(JSON.parse(decrypt(after!, keyring()))).toEqual({
        password: 'n3w-pass',
        endpoint: expect.any(String) as string,
      });
      expect(res.body).not.toContain('n3w-pass');
    });

    it('audits the names of the changed fields, never the password', async () => {
      const created = await create();
      await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { port: 6543, password: 'audit-me-not' },
      });
      const rows = await t.pool.query<{ details: { changedFields: string[] } }>(
        'select details from audit_events where action = $1 and resource_id = $2',
        ['connections:update', created.id],
      );
      expect(rows.rows[0]?.details.changedFields).toEqual(['port', 'password']);
      expect(JSON.stringify(rows.rows)).not.toContain('audit-me-not');
    });

    it('checks the type rules on the merged result', async () => {
      const created = await create();
      const res = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { dbType: 'snowflake' },
      });
      expect(res.status).toBe(400);
      expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
        'options.account',
      ]);
      expect(
        (await t.request('GET', `/api/connections/${created.id}`, { token: admin })).json<One>()
          .data.dbType,
      ).toBe('postgresql');
    });

    it('answers 412 to a stale If-Match and changes nothing; accepts the current one', async () => {
      const created = await create();
      await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { name: 'First edit' },
      });
      const stale = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: contributor,
        body: { name: 'Second edit' },
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      expect(stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
      const now = (
        await t.request('GET', `/api/connections/${created.id}`, { token: admin })
      ).json<One>().data;
      expect(now).toMatchObject({ name: 'First edit', version: 2 });
      const fresh = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: contributor,
        body: { name: 'Second edit' },
        headers: { 'if-match': '"2"' },
      });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.etag).toBe('"3"');
    });

    it('returns 400 for an empty body or a server-owned field, 404 for an unknown id', async () => {
      const created = await create();
      expect(
        (await t.request('PATCH', `/api/connections/${created.id}`, { token: admin, body: {} }))
          .status,
      ).toBe(400);
      expect(
        (
          await t.request('PATCH', `/api/connections/${created.id}`, {
            token: admin,
            body: { version: 9 },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await t.request('PATCH', `/api/connections/${UNKNOWN_ID}`, {
            token: admin,
            body: { name: 'x' },
          })
        ).status,
      ).toBe(404);
      expect(
        (await t.request('PATCH', '/api/connections/nope', { token: admin, body: { name: 'x' } }))
          .status,
      ).toBe(400);
    });
  });

  describe('Snowflake key-pair authentication', () => {
    const pem =
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkq\n-----END ENCRYPTED PRIVATE KEY-----\n';
    const snowflake = {
      dbType: 'snowflake',
      host: 'xy12345.snowflakecomputing.com',
      port: 443,
      username: 'ANALYST',
      password: undefined,
      databaseName: 'ANALYTICS',
      useSsl: true,
      options: { account: 'xy12345', authenticator: 'key_pair' },
    };

    it('encrypts the private key and passphrase in the one credential, and returns neither', async () => {
      const res = await t.request('POST', '/api/connections', {
        token: admin,
        body: body({ ...snowflake, privateKey: pem, privateKeyPassphrase: 'key-pass-9' }),
      });
      expect(res.status).toBe(201);
      const created = res.json<One>().data;
      expect(created.hasCredential).toBe(true);
      expect(res.body).not.toMatch(/PRIVATE KEY|key-pass-9/);
      expect(JSON.parse(decrypt((await storedCredential(created.id))!, keyring()))).toEqual({
        privateKey: pem,
        privateKeyPassphrase: 'key-pass-9',
        endpoint: expect.any(String) as string,
      });
    });

    it('replaces only the passphrase on update, and "" as password removes everything', async () => {
      const created = await create({
        ...snowflake,
        privateKey: pem,
        privateKeyPassphrase: 'old-pass',
      });
      await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { privateKeyPassphrase: 'new-pass' },
      });
      expect(JSON.parse(decrypt((await storedCredential(created.id))!, keyring()))).toEqual({
        privateKey: pem,
        privateKeyPassphrase: 'new-pass',
        endpoint: expect.any(String) as string,
      });
      const removed = await t.request('PATCH', `/api/connections/${created.id}`, {
        token: admin,
        body: { password: '' },
      });
      expect(removed.json<One>().data.hasCredential).toBe(false);
      expect(await storedCredential(created.id)).toBeNull();
    });

    it('refuses a private key on another type and a key that is not PEM', async () => {
      const wrongType = await t.request('POST', '/api/connections', {
        token: admin,
        body: body({ privateKey: pem }),
      });
      expect(wrongType.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
        'privateKey',
      ]);
      const notPem = await t.request('POST', '/api/connections', {
        token: admin,
        body: body({ ...snowflake, privateKey: 'ssh-rsa AAAA' }),
      });
      expect(notPem.status).toBe(400);
    });
  });

  describe('DELETE /api/connections/:id', () => {
    it('returns 401, 403 for a viewer, 204 on success and 404 afterwards', async () => {
      const created = await create();
      expect((await t.request('DELETE', `/api/connections/${created.id}`)).status).toBe(401);
      expect(
        (await t.request('DELETE', `/api/connections/${created.id}`, { token: viewer })).status,
      ).toBe(403);
      const res = await t.request('DELETE', `/api/connections/${created.id}`, {
        token: contributor,
      });
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
      expect(
        (await t.request('DELETE', `/api/connections/${created.id}`, { token: admin })).status,
      ).toBe(404);
      const audit = await t.pool.query(
        'select details from audit_events where action = $1 and resource_id = $2',
        ['connections:delete', created.id],
      );
      expect(audit.rows).toEqual([{ details: { name: created.name, dbType: 'postgresql' } }]);
    });
  });
});
