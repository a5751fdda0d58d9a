import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogSearchResponse } from '@sluice/contracts';
import { CatalogSearchRepository } from '../../src/catalog/index/catalog-search.repository';
import { createTestApp, type TestApp } from '../support/test-app';
import { createConnection, postgresCatalogTarget, waitForSchema } from '../support/schema-sync';

/**
 * 60 finance tables in two schemas (1 … 60, lexically 1, 10, 11 … 2, 20 …), a view, `finance`,
 * and a name with a space in it.
 */
const WAREHOUSE = `
create schema ledger;
create schema archive;
create table ledger.finance (id int primary key);
do $$ begin
  for i in 1..40 loop execute format('create table ledger.finance_table_%s (id int)', i); end loop;
  for i in 41..60 loop execute format('create table archive.finance_table_%s (id int)', i); end loop;
end $$;
create view ledger.finance_summary as select id from ledger.finance;
create table ledger.invoices (id int, finance_code text);
comment on column ledger.invoices.finance_code is 'Settlement reference';
comment on column archive.finance_table_41.id is 'Settlement batch';
comment on column archive.finance_table_42.id is 'Settlement batch';
create table ledger."Order Details" (id int);
`;

describe('GET /api/catalog/search: totals, pages and filters', () => {
  let t: TestApp;
  let token: string;
  let connectionId: string;
  const search = async (query: string) => {
    const res = await t.request(
      'GET',
      `/api/catalog/search?${query}&connectionId=${connectionId}`,
      {
        token,
      },
    );
    return { status: res.status, body: res.json<CatalogSearchResponse>(), raw: res };
  };
  const tablesOf = (body: CatalogSearchResponse) => [
    ...new Set(body.data.map((h) => `${h.schemaName}.${h.objectName}`)),
  ];

  beforeAll(async () => {
    const target = await postgresCatalogTarget(WAREHOUSE);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
    token = await t.adminToken();
    const created = await createConnection(t, target.body);
    connectionId = created.id;
    expect((await waitForSchema(t, created.id)).schemaStatus).toBe('ready');
  });
  afterAll(() => t.close());

  it('says how many tables match and pages through all of them, none twice', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page += 1) {
      const { status, body } = await search(`q=finance&page=${page}&limit=25`);
      expect(status).toBe(200);
      // 60 finance tables, finance, finance_summary and invoices (its finance_code column).
      expect(body.meta).toEqual({ total: 63, totalIsLowerBound: false, page, limit: 25 });
      seen.push(...tablesOf(body));
    }
    expect(seen).toHaveLength(63);
    expect(new Set(seen).size).toBe(63);
    // The exact name first; every other one begins with the word (a table's or a column's name).
    expect(seen[0]).toBe('ledger.finance');
    const last = await search('q=finance&page=4&limit=25');
    expect(last.body.data).toEqual([]);
  });

  it('filters by schema and kind, and the total follows', async () => {
    const archive = await search('q=finance&schema=archive&page=1&limit=100');
    expect(archive.body.meta.total).toBe(20);
    expect(tablesOf(archive.body).every((name) => name.startsWith('archive.'))).toBe(true);
    expect(tablesOf(archive.body)).toHaveLength(20);
    // Column comments count their tables, in the schema asked for only.
    const settled = await search('q=settlement&page=1&limit=10');
    expect(settled.body.meta).toMatchObject({ total: 3, totalIsLowerBound: false });
    const archived = await search('q=settlement&schema=archive&page=1&limit=10');
    expect(archived.body.meta.total).toBe(2);
    expect(tablesOf(archived.body).sort()).toEqual([
      'archive.finance_table_41',
      'archive.finance_table_42',
    ]);
    expect((await search('q=settlement&kind=view&page=1')).body.meta.total).toBe(0);
    const views = await search('q=finance&kind=view');
    expect(views.body.meta.total).toBe(1);
    expect(tablesOf(views.body)).toEqual(['ledger.finance_summary']);
  });

  it('without page, answers the best hits as before, with the total beside them', async () => {
    const { body } = await search('q=finance&limit=5');
    expect(body.data).toHaveLength(5);
    expect(body.meta).toMatchObject({ total: 63, page: null, limit: 5 });
  });

  it('finds a name with a space in it by a question with one, counted and paged', async () => {
    // A question with a space reads only the names with one (a partial index); without, all.
    for (const q of ['order%20details', 'ORDER%20DET', 'der%20Det', 'Details']) {
      const { status, body } = await search(`q=${q}&page=1&limit=10`);
      expect(status, q).toBe(200);
      expect(body.meta, q).toMatchObject({ total: 1, totalIsLowerBound: false });
      expect(body.data, q).toEqual([
        expect.objectContaining({
          objectName: 'Order Details',
          columnName: null,
          matched: 'table',
        }),
      ]);
    }
    // The count alone (a page's total is at least the tables its hits found).
    const counted = t.app.get(CatalogSearchRepository);
    for (const q of ['order details', 'Details', 'details order'])
      expect(await counted.countMatches({ q }, [connectionId], 500), q).toEqual({
        total: q === 'details order' ? 0 : 1,
        capped: false,
      });
    // Words in another order are not a name's substring: the name is not matched by them.
    const reversed = await search('q=details%20order&page=1&limit=10');
    expect(reversed.body.data.filter((h) => h.matched === 'table')).toEqual([]);
  });

  it('refuses a page past the 400th table and a kind it does not know, naming the field', async () => {
    for (const [query, field] of [
      ['q=finance&page=17&limit=25', 'page'],
      ['q=finance&kind=synonym', 'kind'],
      ['q=finance&page=0', 'page'],
    ] as const) {
      const { status, raw } = await search(query);
      expect(status, query).toBe(400);
      expect(raw.headers['content-type']).toMatch(/problem\+json/);
      expect(raw.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([field]);
    }
  });

  it('lists the connections a search can be narrowed to, names only, to a viewer too', async () => {
    const viewer = await t.userWithRole('viewer');
    const res = await t.request('GET', '/api/catalog/connections', { token: viewer.token });
    expect(res.status).toBe(200);
    const mine = res
      .json<{ data: Record<string, unknown>[] }>()
      .data.find((c) => c['id'] === connectionId);
    expect(mine).toMatchObject({
      tables: 64,
      schemas: ['archive', 'ledger'],
      dbType: 'postgresql',
    });
    expect(Object.keys(mine!).sort()).toEqual(['dbType', 'id', 'name', 'schemas', 'tables']);
  });
});
