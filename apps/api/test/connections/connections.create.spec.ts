import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from '../../src/common/encryption.util';
import { openConnectionsApi, type ConnectionsApi, type One } from '../support/connections-api';

describe('connections API: creating', () => {
  let api: ConnectionsApi;
  beforeAll(async () => {
    api = await openConnectionsApi();
  });
  afterAll(() => api.t.close());

  describe('POST /api/connections', () => {
    it('returns 401 and 403 for a viewer, and saves nothing', async () => {
      expect((await api.t.request('POST', '/api/connections', { body: api.body() })).status).toBe(
        401,
      );
      expect(
        (await api.t.request('POST', '/api/connections', { token: api.viewer, body: api.body() }))
          .status,
      ).toBe(403);
    });

    it('returns 201 with the connection, encrypts the password and never returns it', async () => {
      const res = await api.t.request('POST', '/api/connections', {
        token: api.contributor,
        body: api.body({ purpose: 'ai_readonly' }),
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
      const stored = await api.storedCredential(created.id);
      expect(stored).toMatch(new RegExp(`^v1:${api.t.config.encryption.keyId}:`));
      expect(stored).not.toContain('pa55-word-!');
      expect(JSON.parse(decrypt(stored!, api.keyring()))).toEqual({
        password: 'pa55-word-!',
        endpoint: expect.any(String) as string,
      });
    });

    it('records the creator and audits the creation without the password', async () => {
      const created = await api.create();
      const me = (await api.t.request('GET', '/api/auth/me', { token: api.admin })).json<{
        data: { id: string };
      }>().data.id;
      expect(created.createdByUserId).toBe(me);
      const rows = await api.t.pool.query(
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
        await api.t.pool.query<{ n: number }>('select count(*)::int as n from data_connections')
      ).rows[0];
      const res = await api.t.request('POST', '/api/connections', {
        token: api.admin,
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
        (await api.t.pool.query('select count(*)::int as n from data_connections')).rows[0],
      ).toEqual(before);
    });

    it('stores a SQLite connection with no host or port', async () => {
      const created = await api.create({
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
      const res = await api.t.request('POST', '/api/connections', {
        token: api.admin,
        body: api.body({ ...snowflake, privateKey: pem, privateKeyPassphrase: 'key-pass-9' }),
      });
      expect(res.status).toBe(201);
      const created = res.json<One>().data;
      expect(created.hasCredential).toBe(true);
      expect(res.body).not.toMatch(/PRIVATE KEY|key-pass-9/);
      expect(JSON.parse(decrypt((await api.storedCredential(created.id))!, api.keyring()))).toEqual(
        {
          privateKey: pem,
          privateKeyPassphrase: 'key-pass-9',
          endpoint: expect.any(String) as string,
        },
      );
    });

    it('replaces only the passphrase on update, and "" as password removes everything', async () => {
      const created = await api.create({
        ...snowflake,
        privateKey: pem,
        privateKeyPassphrase: 'old-pass',
      });
      await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { privateKeyPassphrase: 'new-pass' },
      });
      expect(JSON.parse(decrypt((await api.storedCredential(created.id))!, api.keyring()))).toEqual(
        {
          privateKey: pem,
          privateKeyPassphrase: 'new-pass',
          endpoint: expect.any(String) as string,
        },
      );
      const removed = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { password: '' },
      });
      expect(removed.json<One>().data.hasCredential).toBe(false);
      expect(await api.storedCredential(created.id)).toBeNull();
    });

    it('refuses a private key on another type and a key that is not PEM', async () => {
      const wrongType = await api.t.request('POST', '/api/connections', {
        token: api.admin,
        body: api.body({ privateKey: pem }),
      });
      expect(wrongType.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
        'privateKey',
      ]);
      const notPem = await api.t.request('POST', '/api/connections', {
        token: api.admin,
        body: api.body({ ...snowflake, privateKey: 'ssh-rsa AAAA' }),
      });
      expect(notPem.status).toBe(400);
    });
  });
});
