import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CatalogContext,
  CatalogSearchHit,
  Connection,
  EmbeddingStatus,
} from '@sluice/contracts';
import { CatalogIndexer } from '../../src/catalog/index/catalog-indexer';
import { CatalogIndexRepository } from '../../src/catalog/index/catalog-index.repository';
import { createTestApp, type TestApp } from '../support/test-app';
import { createConnection, postgresCatalogTarget, waitForSchema } from '../support/schema-sync';
import { embeddingStub } from '../support/embedding-stub';
import { startSecondApp } from '../support/second-app';
import { until } from '../support/until';

const KEY = 'sk-never-logged-8c1f0e2a';

const WAREHOUSE = `
create schema sales;
create schema ops;
create schema hr;
create table sales.customers (id bigint primary key, full_name text, email text);
comment on table sales.customers is 'People and companies who buy from us';
create table sales.inv_hdr (
  id bigint primary key,
  cust_id bigint references sales.customers(id),
  amt_due numeric(12,2),
  issued_on date,
  card_number text
);
comment on table sales.inv_hdr is 'Invoice headers';
comment on column sales.inv_hdr.amt_due is 'amount invoiced to the customer';
create table sales.products (sku text primary key, title text, unit_price numeric);
create table ops.warehouses (id int primary key, city text);
create table ops.wh_prd_map (wh_id int references ops.warehouses(id), prd_sku text references sales.products(sku), qty int);
create table ops.shipments (id int primary key, customer_id bigint, shipped_at timestamptz);
create table hr.employees (badge int primary key, name text, hired_on date);
create table hr.payroll (badge int references hr.employees(badge), month date, gross numeric);
create schema "eu.ops"; create table "eu.ops".depots (id int primary key, town text);
create table "eu.ops"."depot.stock" (depot_id int references "eu.ops".depots(id), prd_sku text references sales.products(sku), units int);
`;
const TABLES = 10;

const eventually = (check: () => Promise<boolean>, timeoutMs: number) =>
  until(async () => {
    if (!(await check())) throw new Error('not yet');
  }, timeoutMs);

describe('Search by meaning: embeddings through an OpenAI-compatible endpoint', () => {
  let t: TestApp;
  let stub: Awaited<ReturnType<typeof embeddingStub>>;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;
  let connection: Connection;
  let token: string;

  const embedding = async (id = connection.id, app = t) =>
    (await app.request('GET', `/api/connections/${id}/schema?pageSize=1`, { token })).json<{
      data: { embedding: EmbeddingStatus };
    }>().data.embedding;
  const documentsSent = () => stub.inputs().filter((text) => /^(table|view) /.test(text));
  const search = async (q: string, mode = 'hybrid') => {
    const res = await t.request(
      'GET',
      `/api/catalog/search?q=${encodeURIComponent(q)}&mode=${mode}&connectionId=${connection.id}`,
      { token },
    );
    expect(res.status, res.body).toBe(200);
    return res.json<{ data: CatalogSearchHit[] }>().data;
  };
  const context = async (q: string, extra = '') => {
    const res = await t.request(
      'GET',
      `/api/catalog/context?q=${encodeURIComponent(q)}&connectionId=${connection.id}${extra}`,
      { token },
    );
    expect(res.status, res.body).toBe(200);
    return res.json<{ data: CatalogContext }>().data;
  };

  beforeAll(async () => {
    stub = await embeddingStub({ dimensions: 64 });
    target = await postgresCatalogTarget(WAREHOUSE);
    t = await createTestApp({
      SLUICE_ROLE: 'all',
      EMBEDDINGS_PROVIDER: 'openai-compatible',
      EMBEDDINGS_URL: stub.url,
      EMBEDDINGS_MODEL: 'hash-64',
      EMBEDDINGS_API_KEY: KEY,
      EMBEDDINGS_BATCH_SIZE: '3',
    });
    token = await t.adminToken();
    connection = await createConnection(t, target.body);
    await waitForSchema(t, connection.id);
    await eventually(async () => (await embedding()).state === 'ready', 20_000);
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it('embeds every table after the sync, in batches, with the key sent and never logged', async () => {
    expect(await embedding()).toMatchObject({
      state: 'ready',
      model: 'openai-compatible:hash-64',
      done: TABLES,
      total: TABLES,
      embedded: TABLES,
      message: null,
    });
    expect(documentsSent()).toHaveLength(TABLES);
    expect(stub.requests.filter((r) => r.input.length > 1).every((r) => r.input.length <= 3)).toBe(
      true,
    );
    expect(
      stub.requests.every((r) => r.authorization === `Bearer ${KEY}` && r.model === 'hash-64'),
    ).toBe(true);
    expect(t.logs.join('\n')).not.toContain(KEY);
    // What is embedded is the catalog's text, never a row.
    const invoice = documentsSent().find((d) => d.startsWith('table sales.inv_hdr'));
    expect(invoice).toContain('cust_id bigint FK → customers.id');
    expect(invoice).toContain('amt_due numeric(12,2) amount invoiced to the customer');
  });

  it('ranks the table a question in plain words is about first, by meaning and fused', async () => {
    const [bySemantic] = await search('amount invoiced per customer', 'semantic');
    expect(bySemantic).toMatchObject({
      objectName: 'inv_hdr',
      columnName: null,
      matched: 'semantic',
      reasons: ['semantic'],
    });
    const [byHybrid] = await search('amount invoiced per customer');
    expect(byHybrid?.objectName).toBe('inv_hdr');
    expect(byHybrid?.reasons).toContain('semantic');
    expect(byHybrid?.reasons).toContain('comment');
  });

  it('sends a question to the endpoint once, however often it is asked', async () => {
    const question = 'which warehouse ships each product';
    const asked = () => stub.requests.filter((r) => r.input.join() === question).length;
    await search(question);
    await context(question);
    await search(question, 'semantic');
    expect(asked()).toBe(1);
  });

  it('refuses bad parameters with a problem naming each field, and serves a Viewer the metadata only', async () => {
    for (const [query, field] of [
      ['q=x', 'q'],
      ['q=orders&mode=fuzzy', 'mode'],
      ['q=orders&connectionId=nope', 'connectionId'],
      ['q=orders&limit=0', 'limit'],
    ] as const) {
      const res = await t.request('GET', `/api/catalog/search?${query}`, { token });
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([field]);
    }
    const tooMany = await t.request('GET', '/api/catalog/context?q=orders&maxTables=51', { token });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'maxTables',
    ]);
    const viewer = await t.userWithRole('viewer');
    const seen = await t.request('GET', '/api/catalog/context?q=invoice%20amount', {
      token: viewer.token,
    });
    expect(seen.status).toBe(200);
    expect(seen.body).toContain('inv_hdr');
    expect(seen.body).not.toContain(target.body.host);
  });

  it('keeps finding identifiers lexically: customerId, CUSTOMER_ID, and abbreviations', async () => {
    for (const q of ['customerId', 'CUSTOMER_ID']) {
      const hits = await search(q, 'lexical');
      expect(hits[0], q).toMatchObject({ objectName: 'shipments', columnName: 'customer_id' });
      expect(hits.every((h) => !h.reasons.includes('semantic'))).toBe(true);
    }
    const invoices = await search('invoice headers', 'lexical');
    expect(invoices[0]).toMatchObject({ objectName: 'inv_hdr' });
    expect(invoices[0]?.reasons).toEqual(expect.arrayContaining(['name', 'comment']));
  });

  it("gives a question's context as DDL, with the table that joins two matches", async () => {
    const found = await context('warehouses products', '&maxTables=2');
    expect(found.tables.map((x) => `${x.schemaName}.${x.name}`)).toEqual([
      expect.stringMatching(/^(ops\.warehouses|sales\.products)$/),
      expect.stringMatching(/^(ops\.warehouses|sales\.products)$/),
      'ops.wh_prd_map',
    ]);
    expect(found.tables[2]?.reasons).toEqual([]);
    expect([...(found.tables[2]?.joins ?? [])].sort()).toEqual([
      'ops.warehouses',
      'sales.products',
    ]);
    expect(found.text).toContain(`-- ${connection.name} (PostgreSQL)`);
    expect(found.text).toContain('prd_sku text FK -> sales.products.sku');
    expect(found.semantic).toBe(true);
    const small = await context('warehouses products invoices payroll employees', '&maxChars=500');
    expect(small.text.length).toBeLessThanOrEqual(500);
    expect(small.truncated).toBe(true);
  });

  it('joins through tables whose schema and name hold dots', async () => {
    const found = await context('town title', '&maxTables=2');
    const names = found.tables.map((x) => `${x.schemaName}|${x.name}`);
    expect(names.slice(0, 2).sort()).toEqual(['eu.ops|depots', 'sales|products']);
    expect(names[2]).toEqual('eu.ops|depot.stock');
    expect([...(found.tables[2]?.joins ?? [])].sort()).toEqual(['eu.ops.depots', 'sales.products']);
  });

  it('never shows a hidden column, in context or to the embedding endpoint', async () => {
    const tag = await t.request('PUT', `/api/connections/${connection.id}/schema/tags`, {
      token,
      body: { schema: 'sales', table: 'inv_hdr', column: 'card_number', tag: 'hidden' },
    });
    expect(tag.status, tag.body).toBe(200);
    const before = documentsSent().length;
    await eventually(
      async () => documentsSent().length > before && (await embedding()).state === 'ready',
      20_000,
    );
    const resent = documentsSent().slice(before);
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatch(/^table sales\.inv_hdr/);
    expect(resent[0]).not.toContain('card_number');
    const found = await context('invoice card number');
    expect(found.tables[0]?.name).toBe('inv_hdr');
    expect(found.text).not.toContain('card_number');
  });

  it('embeds again only what a re-sync changed, and drops what it removed', async () => {
    const before = documentsSent().length;
    await target.run(
      `comment on table hr.employees is 'Staff on the payroll'; drop table ops.shipments;`,
    );
    const sync = await t.request('POST', `/api/connections/${connection.id}/schema/sync`, {
      token,
    });
    expect(sync.status).toBe(202);
    await eventually(async () => {
      const e = await embedding();
      return e.state === 'ready' && e.embedded === TABLES - 1;
    }, 20_000);
    expect(documentsSent().slice(before)).toEqual([
      expect.stringMatching(/^table hr\.employees: Staff on the payroll/),
    ]);
    expect((await search('shipments', 'lexical')).map((h) => h.objectName)).not.toContain(
      'shipments',
    );
  });

  it('says when the endpoint answers the wrong size, and re-embeds everything for a new model', async () => {
    const other = await startSecondApp(t, {
      role: 'api',
      embeddings: {
        ...t.config.embeddings,
        model: 'hash-64-v2',
        dimensions: 64,
      } as typeof t.config.embeddings,
    });
    try {
      const index = other.app.get(CatalogIndexRepository);
      const indexer = other.app.get(CatalogIndexer);
      expect(await index.staleConnections('openai-compatible:hash-64-v2')).toContain(connection.id);
      stub.answerDimensions(12);
      await indexer.run(jobFor(connection.id));
      stub.answerDimensions(undefined);
      const failed = await embedding();
      expect(failed.state).toBe('failed');
      expect(failed.message).toContain('answered vectors of 12 dimensions where 64 were expected');
      expect(failed.message).toContain('Search uses names and comments until embedding works');
      // Words are still indexed: lexical search goes on.
      expect((await search('payroll', 'lexical'))[0]?.objectName).toBe('payroll');

      const before = documentsSent().length;
      await indexer.run(jobFor(connection.id));
      expect(documentsSent().length - before).toBe(TABLES - 1);
      expect(await index.staleConnections('openai-compatible:hash-64-v2')).not.toContain(
        connection.id,
      );
      expect(await embedding()).toMatchObject({
        state: 'ready',
        model: 'openai-compatible:hash-64-v2',
      });
    } finally {
      stub.answerDimensions(undefined);
      await other.close();
    }
  });
});

/** A job as the queue hands it to the indexer, on its last try unless `retryCount` says less. */
const jobFor = (connectionId: string, retryCount = 3) =>
  ({
    id: '00000000-0000-4000-8000-000000000000',
    data: { connectionId },
    retryCount,
    retryLimit: 3,
  }) as Parameters<CatalogIndexer['run']>[0];
