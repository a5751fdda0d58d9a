import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { catalogOf, waitForSchema } from '../support/schema-sync';
import { startSecondApp } from '../support/second-app';

describe('POST /api/connections/sample: something to try Sluice on', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ SLUICE_ROLE: 'all' });
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('writes a SQLite shop, registers it tested, and its catalog has tables, keys and comments', async () => {
    const res = await t.request('POST', '/api/connections/sample', { token: admin });
    expect(res.status).toBe(201);
    const created = res.json<{ data: Connection }>().data;
    expect(created).toMatchObject({
      name: 'Sample shop',
      dbType: 'sqlite',
      databaseName: 'sample-shop.db',
      lastTestResult: true,
    });
    expect(existsSync(join(t.config.sqliteRoot, 'sample-shop.db'))).toBe(true);
    expect((await waitForSchema(t, created.id)).schemaStatus).toBe('ready');
    const catalog = await catalogOf(t, created.id);
    expect(catalog.map((o) => `${o.kind} ${o.name}`).sort()).toEqual([
      'table categories',
      'table customers',
      'table order_items',
      'table orders',
      'table payments',
      'table products',
      'view monthly_revenue',
    ]);
    const payments = catalog.find((o) => o.name === 'payments')!;
    expect(payments.comment).toBe('Money received for orders: amount paid by customers');
    expect(payments.columns.find((c) => c.name === 'amount')?.comment).toBe('amount paid, in EUR');
    expect(payments.foreignKeys[0]).toMatchObject({
      columns: ['order_id'],
      referencedTable: 'orders',
      referencedColumns: ['id'],
    });
    const rows = await t.request('POST', `/api/connections/${created.id}/query`, {
      token: admin,
      body: { sql: "select count(*) as n from orders where status <> 'cancelled'" },
    });
    expect(rows.status).toBe(200);
    const n = Number(rows.json<{ data: { rows: unknown[][] } }>().data.rows[0]![0]);
    const paid = await t.request('POST', `/api/connections/${created.id}/query`, {
      token: admin,
      body: { sql: 'select count(*) from payments' },
    });
    // Every order not cancelled is paid once.
    expect(Number(paid.json<{ data: { rows: unknown[][] } }>().data.rows[0]![0])).toBe(n);
    expect(n).toBeGreaterThan(100);
  });

  it('answers 409 the second time, and 403 to a viewer, creating nothing', async () => {
    const again = await t.request('POST', '/api/connections/sample', { token: admin });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json<{ detail: string }>().detail).toContain('already added as “Sample shop”');
    const viewer = await t.userWithRole('viewer');
    const denied = await t.request('POST', '/api/connections/sample', { token: viewer.token });
    expect(denied.status).toBe(403);
    const { rows } = await t.pool.query<{ n: number }>(
      `select count(*)::int as n from data_connections`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('adds it once when asked twice at the same moment, in two processes', async () => {
    const other = await startSecondApp(t, { role: 'api' });
    try {
      await t.pool.query(`delete from data_connections where name = 'Sample shop'`);
      const post = () =>
        other.app.inject({
          method: 'POST',
          url: '/api/connections/sample',
          headers: { authorization: `Bearer ${admin}` },
        });
      const answers = await Promise.all([
        t.request('POST', '/api/connections/sample', { token: admin }),
        t.request('POST', '/api/connections/sample', { token: admin }),
        post(),
      ]);
      const statuses = answers.map((a) => ('status' in a ? a.status : a.statusCode));
      expect(statuses.sort()).toEqual([201, 409, 409]);
      const { rows } = await t.pool.query(
        `select id from data_connections where name = 'Sample shop'`,
      );
      expect(rows).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
