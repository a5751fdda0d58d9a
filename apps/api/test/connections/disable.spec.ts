import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { auditOf, createConnection, postgresCatalogTarget, SMALL } from '../support/schema-sync';

type One = { data: Connection };

/** A disabled connection keeps its catalog, does no work, and is enabled in one request. */
describe('disabling a connection', () => {
  let t: TestApp;
  let admin: string;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;

  beforeAll(async () => {
    target = await postgresCatalogTarget(SMALL);
    t = await createTestApp({ SLUICE_ROLE: 'api' });
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const setActive = (id: string, isActive: boolean) =>
    t.request('PATCH', `/api/connections/${id}`, { token: admin, body: { isActive } });
  const jobsOf = async (id: string) =>
    (
      await t.pool.query<{ n: number }>(
        `select count(*)::int as n from pgboss.job where data->>'connectionId' = $1`,
        [id],
      )
    ).rows[0]?.n;

  it('refuses tests and syncs with 409 while disabled, and syncs again once enabled', async () => {
    const created = await createConnection(t, target.body);
    await t.request('DELETE', `/api/connections/${created.id}/schema/sync`, { token: admin });
    const disabled = await setActive(created.id, false);
    expect(disabled.status, disabled.body).toBe(200);
    expect(disabled.json<One>().data.isActive).toBe(false);
    expect(await auditOf(t, created.id, 'connections:disable')).toHaveLength(1);

    const jobs = await jobsOf(created.id);
    for (const [method, path, body] of [
      ['POST', `/api/connections/${created.id}/test`, undefined],
      ['POST', `/api/connections/${created.id}/schema/sync`, undefined],
      [
        'POST',
        '/api/connections/test',
        { ...target.body, password: undefined, connectionId: created.id },
      ],
    ] as const) {
      const res = await t.request(method, path, { token: admin, body });
      expect(res.status, path).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain(`${created.name} is disabled`);
    }
    // Nothing was tested or queued: no test recorded, no new job.
    expect(await jobsOf(created.id)).toBe(jobs);
    const after = (
      await t.request('GET', `/api/connections/${created.id}`, { token: admin })
    ).json<One>().data;
    expect(after.lastTestedAt).toBeNull();
    // Its catalog (and its page) are still readable.
    const schema = await t.request('GET', `/api/connections/${created.id}/schema`, {
      token: admin,
    });
    expect(schema.status).toBe(200);

    const enabled = await setActive(created.id, true);
    expect(enabled.json<One>().data).toMatchObject({ isActive: true, schemaStatus: 'queued' });
    expect(await auditOf(t, created.id, 'connections:enable')).toHaveLength(1);
    expect(await jobsOf(created.id)).toBe((jobs ?? 0) + 1);
  });

  it('stops a queued sync when disabled, keeping the catalog status it had', async () => {
    const created = await createConnection(t, target.body);
    expect(created.schemaStatus).toBe('queued');
    const disabled = (await setActive(created.id, false)).json<One>().data;
    expect(disabled).toMatchObject({
      schemaStatus: 'not_ingested',
      schemaMessage: 'Not synced: the connection is disabled',
    });
    const { rows } = await t.pool.query<{ state: string }>(
      `select state from pgboss.job where data->>'connectionId' = $1`,
      [created.id],
    );
    expect(rows.map((r) => r.state)).toEqual(['cancelled']);
  });

  it('is created disabled without a sync, and lists under the Disabled status', async () => {
    const created = await createConnection(t, { ...target.body, isActive: false });
    expect(created).toMatchObject({ isActive: false, schemaStatus: 'not_ingested' });
    expect(await jobsOf(created.id)).toBe(0);
    const list = await t.request('GET', '/api/connections?status=disabled&pageSize=100', {
      token: admin,
    });
    const names = list.json<{ data: { items: Connection[] } }>().data.items.map((c) => c.name);
    expect(names).toContain(created.name);
  });
});
