import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaSync } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  auditOf,
  connectionOf,
  createConnection,
  postgresCatalogTarget,
  SMALL,
  syncOf,
} from '../support/schema-sync';

describe('Schema sync jobs without workers (SLUICE_ROLE=api)', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;

  beforeAll(async () => {
    target = await postgresCatalogTarget(SMALL);
    t = await createTestApp({ SLUICE_ROLE: 'api' });
  });
  afterAll(() => t.close());

  it('queues one sync per connection: concurrent requests return the same job', async () => {
    const created = await createConnection(t, target.body);
    expect(created.schemaStatus).toBe('queued');
    const queued = await syncOf(t, created.id);
    expect(queued).toMatchObject({ connectionId: created.id, state: 'queued', attempt: 0 });

    const token = await t.adminToken();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.request('POST', `/api/connections/${created.id}/schema/sync`, { token }),
      ),
    );
    for (const reply of replies) {
      expect(reply.status, reply.body).toBe(202);
      expect(reply.json<{ data: SchemaSync }>().data.id).toBe(queued?.id);
    }
    const { rows } = await t.pool.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where data->>'connectionId' = $1`,
      [created.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('cancels a queued sync, answers 409 when nothing is left to cancel, and queues a new one', async () => {
    const created = await createConnection(t, target.body);
    const token = await t.adminToken();
    const first = await syncOf(t, created.id);

    const cancel = await t.request('DELETE', `/api/connections/${created.id}/schema/sync`, {
      token,
    });
    expect(cancel.status, cancel.body).toBe(200);
    expect(cancel.json<{ data: SchemaSync }>().data).toMatchObject({
      id: first?.id,
      state: 'cancelled',
    });
    const after = await connectionOf(t, created.id);
    expect(after.schemaStatus).toBe('not_ingested');
    expect(after.schemaMessage).toBe('The last sync was cancelled');
    expect((await syncOf(t, created.id))?.state).toBe('cancelled');

    const again = await t.request('DELETE', `/api/connections/${created.id}/schema/sync`, {
      token,
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');

    const next = await t.request('POST', `/api/connections/${created.id}/schema/sync`, { token });
    expect(next.status).toBe(202);
    expect(next.json<{ data: SchemaSync }>().data.id).not.toBe(first?.id);
    expect((await connectionOf(t, created.id)).schemaStatus).toBe('queued');

    const audit = await auditOf(t, created.id, 'connections:schema_sync_cancel');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ jobId: first?.id, state: 'created' });
  });

  it('cancels the sync of a connection that is deleted', async () => {
    const created = await createConnection(t, target.body);
    const queued = await syncOf(t, created.id);
    const token = await t.adminToken();
    expect((await t.request('DELETE', `/api/connections/${created.id}`, { token })).status).toBe(
      204,
    );
    const { rows } = await t.pool.query<{ state: string }>(
      'select state from pgboss.job where id = $1',
      [queued?.id],
    );
    expect(rows[0]?.state).toBe('cancelled');
    const gone = await t.request('GET', `/api/connections/${created.id}/schema/sync`, { token });
    expect(gone.status).toBe(404);
  });

  it('answers 400 for a malformed id, 404 for an unknown one, on every schema route', async () => {
    const token = await t.adminToken();
    const unknown = '6f1c1a40-8a9e-4d1a-9d43-3f0a4f3c2b11';
    const routes = [
      ['GET', 'schema'],
      ['GET', 'schema/changes'],
      ['GET', 'schema/sync'],
      ['POST', 'schema/sync'],
      ['DELETE', 'schema/sync'],
    ] as const;
    for (const [method, path] of routes) {
      const malformed = await t.request(method, `/api/connections/not-a-uuid/${path}`, { token });
      expect(malformed.status, `${method} ${path}`).toBe(400);
      expect(malformed.json<{ errors?: { path: string }[] }>().errors?.[0]?.path).toBe('id');
      const missing = await t.request(method, `/api/connections/${unknown}/${path}`, { token });
      expect(missing.status, `${method} ${path}`).toBe(404);
    }
  });

  it('lets a contributor sync and read the catalog, and a viewer read it only', async () => {
    const created = await createConnection(t, target.body);
    const contributor = await t.userWithRole('contributor');
    const viewer = await t.userWithRole('viewer');
    // The catalog is for every role (catalog:read); a sync and its status (which may name the
    // host) are not for a Viewer.
    const routes = [
      ['GET', `/api/connections/${created.id}/schema`, 200],
      ['GET', `/api/connections/${created.id}/schema/changes`, 200],
      ['GET', `/api/connections/${created.id}/schema/sync`, 403],
      ['GET', '/api/catalog/search?q=accounts', 200],
      ['POST', `/api/connections/${created.id}/schema/sync`, 403],
    ] as const;
    for (const [method, url, forViewer] of routes) {
      const allowed = await t.request(method, url, { token: contributor.token });
      expect(allowed.status, `${method} ${url}`).toBe(method === 'POST' ? 202 : 200);
      const asViewer = await t.request(method, url, { token: viewer.token });
      expect(asViewer.status, `${method} ${url}`).toBe(forViewer);
    }
    const denied = await t.request('DELETE', `/api/connections/${created.id}/schema/sync`, {
      token: viewer.token,
    });
    expect(denied.status).toBe(403);
    expect((await syncOf(t, created.id))?.state).toBe('queued');
  });
});
