import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from '../../src/common/encryption.util';
import {
  openConnectionsApi,
  UNKNOWN_ID,
  type ConnectionsApi,
  type One,
} from '../support/connections-api';

describe('connections API: updating', () => {
  let api: ConnectionsApi;
  beforeAll(async () => {
    api = await openConnectionsApi();
  });
  afterAll(() => api.t.close());

  describe('PATCH /api/connections/:id', () => {
    it('returns 401 and 403 for a viewer', async () => {
      const created = await api.create();
      expect(
        (await api.t.request('PATCH', `/api/connections/${created.id}`, { body: { name: 'x' } }))
          .status,
      ).toBe(401);
      expect(
        (
          await api.t.request('PATCH', `/api/connections/${created.id}`, {
            token: api.viewer,
            body: { name: 'x' },
          })
        ).status,
      ).toBe(403);
    });

    it('returns 200 with the update, a new version and ETag', async () => {
      const created = await api.create();
      expect(created).toMatchObject({ updatedByName: null });
      const res = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.contributor,
        body: { name: 'Renamed', port: 5433, password: 'typed-again' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.json<One>().data).toMatchObject({
        name: 'Renamed',
        port: 5433,
        host: 'db.example.com',
        version: 2,
        // Who changed it last: the contributor's name, from the update's audit event.
        updatedByName: 'Test contributor',
      });
    });

    it('preserves the credential when password is omitted', async () => {
      const created = await api.create();
      const before = await api.storedCredential(created.id);
      const res = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { description: 'new' },
      });
      expect(res.json<One>().data.hasCredential).toBe(true);
      expect(await api.storedCredential(created.id)).toBe(before);
    });

    it('removes the credential when password is ""', async () => {
      const created = await api.create();
      const res = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { password: '' },
      });
      expect(res.json<One>().data.hasCredential).toBe(false);
      expect(await api.storedCredential(created.id)).toBeNull();
    });

    it('replaces the credential when a new password is given', async () => {
      const created = await api.create();
      const before = await api.storedCredential(created.id);
      const res = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { password: 'n3w-pass' },
      });
      expect(res.json<One>().data.hasCredential).toBe(true);
      const after = await api.storedCredential(created.id);
      expect(after).not.toBe(before);
      expect(JSON.parse(decrypt(after!, api.keyring()))).toEqual({
        password: 'n3w-pass',
        endpoint: expect.any(String) as string,
      });
      expect(res.body).not.toContain('n3w-pass');
    });

    it('audits the names of the changed fields, never the password', async () => {
      const created = await api.create();
      await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { port: 6543, password: 'audit-me-not' },
      });
      const rows = await api.t.pool.query<{ details: { changedFields: string[] } }>(
        'select details from audit_events where action = $1 and resource_id = $2',
        ['connections:update', created.id],
      );
      expect(rows.rows[0]?.details.changedFields).toEqual(['port', 'password']);
      expect(JSON.stringify(rows.rows)).not.toContain('audit-me-not');
    });

    it('checks the type rules on the merged result', async () => {
      const created = await api.create();
      const res = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { dbType: 'snowflake' },
      });
      expect(res.status).toBe(400);
      expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
        'options.account',
      ]);
      expect(
        (
          await api.t.request('GET', `/api/connections/${created.id}`, { token: api.admin })
        ).json<One>().data.dbType,
      ).toBe('postgresql');
    });

    it('answers 412 to a stale If-Match and changes nothing; accepts the current one', async () => {
      const created = await api.create();
      await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.admin,
        body: { name: 'First edit' },
      });
      const stale = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.contributor,
        body: { name: 'Second edit' },
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      expect(stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
      const now = (
        await api.t.request('GET', `/api/connections/${created.id}`, { token: api.admin })
      ).json<One>().data;
      expect(now).toMatchObject({ name: 'First edit', version: 2 });
      const fresh = await api.t.request('PATCH', `/api/connections/${created.id}`, {
        token: api.contributor,
        body: { name: 'Second edit' },
        headers: { 'if-match': '"2"' },
      });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.etag).toBe('"3"');
    });

    it('returns 400 for an empty body or a server-owned field, 404 for an unknown id', async () => {
      const created = await api.create();
      expect(
        (
          await api.t.request('PATCH', `/api/connections/${created.id}`, {
            token: api.admin,
            body: {},
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await api.t.request('PATCH', `/api/connections/${created.id}`, {
            token: api.admin,
            body: { version: 9 },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await api.t.request('PATCH', `/api/connections/${UNKNOWN_ID}`, {
            token: api.admin,
            body: { name: 'x' },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await api.t.request('PATCH', '/api/connections/nope', {
            token: api.admin,
            body: { name: 'x' },
          })
        ).status,
      ).toBe(400);
    });
  });
});
