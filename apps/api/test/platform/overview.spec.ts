import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  createConnection,
  postgresCatalogTarget,
  syncAndWait,
  waitForSchema,
} from '../support/schema-sync';

describe('The Overview', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;

  beforeAll(async () => {
    target = await postgresCatalogTarget(
      'create table orders (id int primary key); create table customers (id int primary key);',
    );
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  });
  afterAll(() => t.close());

  const overviewOf = async (token: string) => {
    const res = await t.request('GET', '/api/overview', { token });
    expect(res.status, res.body).toBe(200);
    return res.json<{ data: Overview }>().data;
  };

  it('counts connections by status, the catalog, and the latest schema changes', async () => {
    const token = await t.adminToken();
    const shop = await createConnection(t, target.body);
    await waitForSchema(t, shop.id);
    const off = await createConnection(t, { ...target.body, name: 'Switched off' });
    await waitForSchema(t, off.id);
    const disabled = await t.request('PATCH', `/api/connections/${off.id}`, {
      token,
      body: { isActive: false },
    });
    expect(disabled.status, disabled.body).toBe(200);
    const tested = await t.request('POST', `/api/connections/${shop.id}/test`, { token });
    expect(tested.status).toBe(201);
    await target.run('create table refunds (id int)');
    await syncAndWait(t, shop.id);

    const overview = await overviewOf(token);
    expect(overview.connections).toEqual({
      total: 2,
      connected: 1,
      failing: 0,
      down: 0,
      untested: 0,
      disabled: 1,
      syncing: 0,
    });
    expect(overview.catalog).toEqual({ connections: 2, tables: 5, embeddedTables: 0 });
    expect(overview.recentChanges[0]).toMatchObject({
      connectionId: shop.id,
      connectionName: shop.name,
      tablesAdded: 1,
      columnsChanged: 0,
    });
  });

  it('shows a Viewer the catalog and its changes, never the connections', async () => {
    const viewer = await t.userWithRole('viewer');
    const overview = await overviewOf(viewer.token);
    expect(overview.connections).toBeNull();
    expect(overview.catalog?.tables).toBe(5);
    expect(overview.recentChanges).toHaveLength(1);
    expect((await t.request('GET', '/api/overview')).status).toBe(401);
  });
});
