import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from '../../src/common/encryption.util';
import { openConnectionsApi, type ConnectionsApi, type One } from '../support/connections-api';

describe('connections API: creating', () => {
  let api: ConnectionsApi;
  let t: ConnectionsApi['t'];
  let admin: string;
  let contributor: string;
  let viewer: string;
  beforeAll(async () => {
    api = await openConnectionsApi();
    ({ t, admin, contributor, viewer } = api);
  });
  afterAll(() => t.close());
  const body: ConnectionsApi['body'] = (overrides) => api.body(overrides);
  const create: ConnectionsApi['create'] = (overrides, token) => api.create(overrides, token);
  const storedCredential: ConnectionsApi['storedCredential'] = (id) => api.storedCredential(id);
  const keyring: ConnectionsApi['keyring'] = () => api.keyring();

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
});
