import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openConnectionsApi,
  UNKNOWN_ID,
  type ConnectionsApi,
  type Many,
  type One,
} from '../support/connections-api';
import { unique } from '../support/test-app';

describe('connections API: reading and deleting', () => {
  let api: ConnectionsApi;
  beforeAll(async () => {
    api = await openConnectionsApi();
  });
  afterAll(() => api.t.close());

  describe('GET /api/connections', () => {
    it('returns 401 if not authenticated and 403 for a viewer', async () => {
      expect((await api.t.request('GET', '/api/connections')).status).toBe(401);
      expect((await api.t.request('GET', '/api/connections', { token: api.viewer })).status).toBe(
        403,
      );
    });

    it('returns an empty list when there are no connections', async () => {
      const res = await api.t.request('GET', '/api/connections', { token: api.admin });
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
      const mine = await api.create({}, api.admin);
      const theirs = await api.create({ password: undefined }, api.contributor);
      const res = await api.t.request('GET', '/api/connections?pageSize=100', {
        token: api.contributor,
      });
      const items = res.json<Many>().data.items;
      expect(items.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(items.find((c) => c.id === mine.id)?.hasCredential).toBe(true);
      expect(items.find((c) => c.id === theirs.id)?.hasCredential).toBe(false);
      expect(res.body).not.toContain('pa55-word-!');
      expect(res.body).not.toMatch(/encryptedCredential|encrypted_credential|"password"|v1:/);
    });

    it('pages, searches name and description case-insensitively, filters and sorts', async () => {
      const tag = unique('zeta');
      await api.create({ name: `${tag} alpha`, dbType: 'mysql', port: 3306, options: {} });
      await api.create({
        name: `${tag} beta`,
        description: `holds ${tag.toUpperCase()} data`,
        dbType: 'postgresql',
      });
      await api.create({ name: `${tag} gamma`, dbType: 'mysql', port: 3306, options: {} });
      const search = await api.t.request(
        'GET',
        `/api/connections?search=${tag.toUpperCase()}&sortBy=name&sortOrder=asc`,
        { token: api.admin },
      );
      expect(search.json<Many>().data.items.map((c) => c.name)).toEqual([
        `${tag} alpha`,
        `${tag} beta`,
        `${tag} gamma`,
      ]);
      const filtered = await api.t.request(
        'GET',
        `/api/connections?search=${tag}&dbType=mysql&sortBy=name&sortOrder=desc`,
        { token: api.admin },
      );
      expect(filtered.json<Many>().data.items.map((c) => c.name)).toEqual([
        `${tag} gamma`,
        `${tag} alpha`,
      ]);
      const paged = await api.t.request(
        'GET',
        `/api/connections?search=${tag}&page=2&pageSize=2&sortBy=name&sortOrder=asc`,
        { token: api.admin },
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
        await api.create({ name: `${prefix} ${name}` });
      const res = await api.t.request(
        'GET',
        `/api/connections?search=${encodeURIComponent(prefix)}&sortBy=name&sortOrder=asc`,
        { token: api.admin },
      );
      expect(res.json<Many>().data.items.map((c) => c.name.slice(prefix.length + 1))).toEqual([
        'Bulk 2',
        'Bulk 10',
        'mass',
        'Warehouse',
      ]);
    });

    it('searches host and database too, filters by status, and names the creator', async () => {
      const tag = unique('ops');
      const byHost = await api.create({ name: `${tag} h`, host: `${tag}.db.internal` });
      const byDb = await api.create({ name: `${tag} d`, databaseName: `${tag}_finance` });
      const failing = await api.create({ name: `${tag} f` });
      await api.t.pool.query(
        `update data_connections set last_test_result = (id = $1), last_tested_at = now()
          where id = any($2::uuid[])`,
        [byHost.id, [byHost.id, failing.id]],
      );
      await api.t.pool.query('update data_connections set is_active = false where id = $1', [
        byDb.id,
      ]);
      const list = async (query: string) =>
        (await api.t.request('GET', `/api/connections?pageSize=100&${query}`, { token: api.admin }))
          .json<Many>()
          .data.items.map((c) => c.name)
          .sort();
      expect(await list(`search=${tag}.db.INTERNAL`)).toEqual([`${tag} h`]);
      expect(await list(`search=${tag}_FIN`)).toEqual([`${tag} d`]);
      expect(await list(`search=${tag}&status=connected`)).toEqual([`${tag} h`]);
      expect(await list(`search=${tag}&status=failing`)).toEqual([`${tag} f`]);
      expect(await list(`search=${tag}&status=disabled`)).toEqual([`${tag} d`]);
      expect(await list(`search=${tag}&status=untested`)).toEqual([]);
      const bad = await api.t.request('GET', '/api/connections?status=broken', {
        token: api.admin,
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('status');
      const one = (
        await api.t.request('GET', `/api/connections/${byHost.id}`, { token: api.admin })
      ).json<One>().data;
      expect(one.createdByName).toBeTruthy();
    });

    it('treats % and _ in a search as text', async () => {
      const res = await api.t.request('GET', '/api/connections?search=%25', { token: api.admin });
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
      const res = await api.t.request('GET', `/api/connections?${query}`, { token: api.admin });
      expect(res.status).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /api/connections/:id', () => {
    it('returns 401, 403, 200 with an ETag, 400 for a malformed id and 404 for an unknown one', async () => {
      const created = await api.create();
      expect((await api.t.request('GET', `/api/connections/${created.id}`)).status).toBe(401);
      expect(
        (await api.t.request('GET', `/api/connections/${created.id}`, { token: api.viewer }))
          .status,
      ).toBe(403);
      const res = await api.t.request('GET', `/api/connections/${created.id}`, {
        token: api.contributor,
      });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.json<One>().data).toMatchObject({
        id: created.id,
        host: 'db.example.com',
        hasCredential: true,
        version: 1,
      });
      expect(
        (await api.t.request('GET', '/api/connections/123', { token: api.admin })).status,
      ).toBe(400);
      expect(
        (await api.t.request('GET', `/api/connections/${UNKNOWN_ID}`, { token: api.admin })).status,
      ).toBe(404);
    });
  });

  describe('DELETE /api/connections/:id', () => {
    it('returns 401, 403 for a viewer, 204 on success and 404 afterwards', async () => {
      const created = await api.create();
      expect((await api.t.request('DELETE', `/api/connections/${created.id}`)).status).toBe(401);
      expect(
        (await api.t.request('DELETE', `/api/connections/${created.id}`, { token: api.viewer }))
          .status,
      ).toBe(403);
      const res = await api.t.request('DELETE', `/api/connections/${created.id}`, {
        token: api.contributor,
      });
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
      expect(
        (await api.t.request('DELETE', `/api/connections/${created.id}`, { token: api.admin }))
          .status,
      ).toBe(404);
      const audit = await api.t.pool.query(
        'select details from audit_events where action = $1 and resource_id = $2',
        ['connections:delete', created.id],
      );
      expect(audit.rows).toEqual([{ details: { name: created.name, dbType: 'postgresql' } }]);
    });
  });
});
