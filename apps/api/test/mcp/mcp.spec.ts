import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogRepository } from '../../src/catalog/catalog.repository';
import type { Connection } from '@sluice/contracts';
import { mcpFixture, type McpFixture } from './mcp-fixture';
import { waitForSchema } from '../support/schema-sync';
import { currentClient, dataOf, errorOf, postWithHost, rawPost, textOf } from './mcp-support';

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-03-26',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
});

describe('the MCP endpoint: identity, transport and the catalog tools', () => {
  let f: McpFixture;
  let full: string;

  beforeAll(async () => {
    f = await mcpFixture();
    full = (await f.token(['catalog:read', 'connections:read', 'connections:query'])).token;
  }, 120_000);
  afterAll(() => f.t.close());

  it('answers 401 with a Bearer challenge without a token, with a bad one, or with a session', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Bearer sluice_pat_notarealtoken000000000000000000000000000000' },
      { authorization: `Bearer ${f.admin}` },
    ]) {
      const res = await rawPost(f.url, INIT, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Sluice MCP"/);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses a foreign Host or Origin, and methods other than POST', async () => {
    const auth = { authorization: `Bearer ${full}` };
    const host = await postWithHost(f.url, 'evil.example:80', auth);
    expect(host.status).toBe(403);
    expect(host.text).toContain('loopback names only');
    const origin = await rawPost(f.url, INIT, { ...auth, origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    expect(origin.text).toContain('https://evil.example');
    const own = await rawPost(f.url, INIT, { ...auth, origin: f.url.origin });
    expect(own.status).toBe(200);
    const get = await fetch(f.url, { headers: { ...auth, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('negotiates the 2025-03-26 revision with a client that asks for it', async () => {
    const res = await rawPost(f.url, INIT, { authorization: `Bearer ${full}` });
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.text) as { result: { protocolVersion: string } };
    expect(answer.result.protocolVersion).toBe('2025-03-26');
  });

  it('answers malformed JSON-RPC with a 4xx, never a 5xx', async () => {
    const auth = { authorization: `Bearer ${full}` };
    for (const body of [
      '{not json',
      '{"jsonrpc":"2.0"}',
      '[1,2,3]',
      '"x"',
      '{"id":1,"method":5}',
    ]) {
      const res = await rawPost(f.url, body, auth);
      expect(res.status, `${body}: ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${body}: ${res.text}`).toBeLessThan(500);
    }
    const unknown = await rawPost(
      f.url,
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'drop_all' } }),
      auth,
    );
    expect(unknown.status).toBeLessThan(500);
  });

  it('builds the tools from the token: catalog:read alone gets no run_query', async () => {
    const catalog = await currentClient(f.url, (await f.token(['catalog:read'])).token);
    expect((await catalog.tools()).map((t) => t.name).sort()).toEqual([
      'describe_table',
      'list_connections',
      'search_catalog',
    ]);
    await catalog.close();
    const everything = await currentClient(f.url, full);
    const tools = await everything.tools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'describe_table',
      'list_connections',
      'run_query',
      'search_catalog',
    ]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    await everything.close();
  });

  it('lists only the connections open to assistants', async () => {
    const c = await currentClient(f.url, full);
    const { connections } = dataOf<{ connections: { name: string; aiAccess: string }[] }>(
      await c.call('list_connections', {}),
    );
    expect(connections.map((x) => `${x.name}:${x.aiAccess}`)).toEqual([
      'Catalog warehouse:catalog',
      'Warehouse:query',
    ]);
    expect(textOf(await c.call('list_connections', { query: 'catalog' }))).not.toContain(
      'Warehouse [',
    );
    await c.close();
  });

  it('searches catalogs without hidden columns, flagging PII', async () => {
    const c = await currentClient(f.url, full);
    const search = async (query: string, connection?: string) =>
      dataOf<{ results: { connection: string; column: string | null; pii?: true }[] }>(
        await c.call('search_catalog', { query, ...(connection && { connection }) }),
      ).results;
    const cards = await search('card_number', 'Warehouse');
    expect(cards.filter((h) => h.column === 'card_number')).toEqual([]);
    const emails = await search('email', 'Warehouse');
    expect(emails.find((h) => h.column === 'email')?.pii).toBe(true);
    expect(new Set((await search('orders')).map((h) => h.connection))).toEqual(
      new Set(['Warehouse', 'Catalog warehouse']),
    );
    expect(
      errorOf(await c.call('search_catalog', { query: 'orders', connection: 'Closed warehouse' })),
    ).toContain('No connection open to assistants is called Closed warehouse');
    // Its hits and its tables' DDL come from one reading of the catalog's names.
    const names = vi.spyOn(f.t.app.get(CatalogRepository), 'search');
    try {
      const answer = dataOf<{ results: unknown[]; tables: unknown[] }>(
        await c.call('search_catalog', { query: 'orders', connection: 'Warehouse' }),
      );
      expect(answer.results.length).toBeGreaterThan(0);
      expect(answer.tables.length).toBeGreaterThan(0);
      expect(names).toHaveBeenCalledTimes(1);
    } finally {
      names.mockRestore();
    }
    await c.close();
  });

  it('describes a table as compact DDL, hidden columns and their indexes left out', async () => {
    const c = await currentClient(f.url, full);
    const customers = await c.call('describe_table', {
      connection: f.warehouse.id,
      table: 'customers',
    });
    const text = textOf(customers);
    expect(text).toContain('TABLE public.customers');
    expect(text).toContain('  id integer NOT NULL PK');
    expect(text).toMatch(/email text \[PII: personal data\] -- the customer's e-mail address/);
    expect(text).not.toContain('card');
    const orders = textOf(
      await c.call('describe_table', {
        connection: 'Warehouse',
        schema: 'public',
        table: 'orders',
      }),
    );
    expect(orders).toContain('-- orders our customers placed');
    expect(orders).toContain('customer_id integer FK -> public.customers.id');
    expect(orders).toContain('INDEX orders_customer_idx (customer_id)');
    expect(
      errorOf(await c.call('describe_table', { connection: 'Warehouse', table: 'nope' })),
    ).toContain("nope is not in Warehouse's catalog");
    await c.close();
  });

  it('lets only an admin set AI access and tags, and asks to acknowledge a credential that can write', async () => {
    const contributor = await f.t.userWithRole('contributor');
    const path = `/api/connections/${f.closed.id}/ai-access`;
    expect((await f.put(path, { aiAccess: 'catalog' }, contributor.token)).status).toBe(403);
    const bad = await f.put(path, { aiAccess: 'everything' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('aiAccess');
    // Untested, the credential may write: queries need the acknowledgement.
    const untested = await f.put(path, { aiAccess: 'query' });
    expect(untested.status, untested.body).toBe(422);
    expect(untested.body).toContain('No test has reported');
    // The test server's user is a superuser: once a test says so, still.
    const test = await f.t.request('POST', `/api/connections/${f.closed.id}/test`, {
      token: f.admin,
    });
    expect(
      test.json<{ data: { privileges: { superuser: boolean } } }>().data.privileges.superuser,
    ).toBe(true);
    const unacknowledged = await f.put(path, { aiAccess: 'query' });
    expect(unacknowledged.status, unacknowledged.body).toBe(422);
    expect(unacknowledged.body).toContain('acknowledgeWriteCapable');
    expect(unacknowledged.body).toContain('credential can write');
    const catalog = await f.put(path, { aiAccess: 'catalog' });
    expect(catalog.json<{ data: Connection }>().data.aiAccess).toBe('catalog');
    expect((await f.put(path, { aiAccess: 'off' })).status).toBe(200);
    const tags = `/api/connections/${f.warehouse.id}/schema/tags`;
    const tag = { schema: 'public', table: 'orders', column: 'note', tag: 'pii' };
    expect((await f.put(tags, tag, contributor.token)).status).toBe(403);
    const missing = await f.put(tags, { ...tag, column: 'nope' });
    expect(missing.status).toBe(422);
    expect(missing.body).toContain('public.orders.nope is not in Warehouse');
  });

  it('allows queries without an acknowledgement on a credential a test found read-only', async () => {
    const reader = `mcp_reader_${process.pid}`;
    await f.run(`create role ${reader} login password 'reader-password-1';
                 grant select on all tables in schema public to ${reader}`);
    const created = await f.t.request('POST', '/api/connections', {
      token: f.admin,
      body: {
        ...f.target,
        name: 'Read-only warehouse',
        username: reader,
        password: 'reader-password-1',
      },
    });
    expect(created.status, created.body).toBe(201);
    const id = created.json<{ data: Connection }>().data.id;
    const test = await f.t.request('POST', `/api/connections/${id}/test`, { token: f.admin });
    expect(
      test.json<{ data: { privileges: { canWrite: boolean } } }>().data.privileges.canWrite,
    ).toBe(false);
    const res = await f.put(`/api/connections/${id}/ai-access`, { aiAccess: 'query' });
    expect(res.status, res.body).toBe(200);
    expect(res.json<{ data: Connection }>().data.aiAccess).toBe('query');
    const audit = await f.t.request(
      'GET',
      `/api/audit-events?action=connections:ai_access_set&resourceId=${id}`,
      { token: f.admin },
    );
    expect(
      audit.json<{ data: { items: { details: Record<string, unknown> }[] } }>().data.items[0]
        ?.details,
    ).toMatchObject({ from: 'off', to: 'query' });
    await f.run(`drop owned by ${reader}; drop role ${reader}`).catch(() => undefined);
  });

  it('keeps tags across a re-sync', async () => {
    const sync = await f.t.request('POST', `/api/connections/${f.warehouse.id}/schema/sync`, {
      token: f.admin,
    });
    expect(sync.status, sync.body).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    await waitForSchema(f.t, f.warehouse.id, ['ready']);
    const page = await f.t.request(
      'GET',
      `/api/connections/${f.warehouse.id}/schema?search=customers`,
      {
        token: f.admin,
      },
    );
    const customers = page
      .json<{
        data: { items: { name: string; columns: { name: string; tag: string | null }[] }[] };
      }>()
      .data.items.find((o) => o.name === 'customers')!;
    expect(customers.columns.map((c) => `${c.name}:${c.tag}`)).toEqual([
      'id:null',
      'name:null',
      'email:pii',
      'card_number:hidden',
    ]);
  });
});
