import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { expect, inject } from 'vitest';
import type {
  AuditEvent,
  CatalogObject,
  Connection,
  SchemaChange,
  SchemaSync,
  TaggedObject,
} from '@sluice/contracts';
import type { TestApp } from './test-app';

/** A database of its own on the test run's PostgreSQL, filled by `sql`, as a target. */
export async function postgresCatalogTarget(sql: string) {
  const name = `target_${randomBytes(5).toString('hex')}`;
  const serverUrl = inject('pgServerUrl');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const run = async (statement: string) => {
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(sql);
  return {
    run,
    body: {
      dbType: 'postgresql' as const,
      host: url.hostname,
      port: Number(url.port),
      databaseName: name,
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    },
  };
}

type Status = Connection['schemaStatus'];

/** Polls the connection until its schema status is one of `statuses`, and returns it. */
export async function waitForSchema(
  t: TestApp,
  id: string,
  statuses: Status[] = ['ready', 'failed'],
  timeoutMs = 30_000,
): Promise<Connection> {
  const token = await t.adminToken();
  const deadline = Date.now() + timeoutMs;
  let last: Connection | undefined;
  while (Date.now() < deadline) {
    const res = await t.request('GET', `/api/connections/${id}`, { token });
    last = res.json<{ data: Connection }>().data;
    if (statuses.includes(last.schemaStatus)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`schema of ${id} stayed ${last?.schemaStatus}: ${last?.schemaMessage}`);
}

export async function createConnection(
  t: TestApp,
  body: Record<string, unknown>,
): Promise<Connection> {
  const res = await t.request('POST', '/api/connections', {
    token: await t.adminToken(),
    body: { name: `schema ${randomBytes(3).toString('hex')}`, ...body },
  });
  expect(res.status, res.body).toBe(201);
  return res.json<{ data: Connection }>().data;
}

/** Every object of a connection's catalog, all pages read. */
export async function catalogOf(t: TestApp, id: string, query = ''): Promise<CatalogObject[]> {
  const token = await t.adminToken();
  const items: CatalogObject[] = [];
  for (let page = 1; ; page++) {
    const res = await t.request(
      'GET',
      `/api/connections/${id}/schema?pageSize=100&page=${page}${query}`,
      {
        token,
      },
    );
    expect(res.status, res.body).toBe(200);
    const data = res.json<{ data: { items: TaggedObject[]; totalPages: number } }>().data;
    // Tags are governance, tested on their own (test/mcp): what a driver read is compared here.
    items.push(
      ...data.items.map((o) => ({ ...o, columns: o.columns.map(({ tag: _tag, ...c }) => c) })),
    );
    if (page >= data.totalPages) return items;
  }
}

export async function changesOf(t: TestApp, id: string): Promise<SchemaChange[]> {
  const res = await t.request('GET', `/api/connections/${id}/schema/changes`, {
    token: await t.adminToken(),
  });
  expect(res.status, res.body).toBe(200);
  return res.json<{ data: SchemaChange[] }>().data;
}

export const names = (objects: CatalogObject[]) =>
  objects.map((o) => `${o.schemaName}.${o.name}`).sort();

/** The audit events of one action on one connection, oldest first. */
export async function auditOf(t: TestApp, id: string, action: string): Promise<AuditEvent[]> {
  const res = await t.request('GET', `/api/audit-events?action=${action}&resourceId=${id}`, {
    token: await t.adminToken(),
  });
  expect(res.status, res.body).toBe(200);
  return res.json<{ data: { items: AuditEvent[] } }>().data.items.reverse();
}

/** Polls `probe` until it returns a value that is not undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** POST …/schema/sync (202), then waits for the sync to end; returns the connection. */
export async function syncAndWait(t: TestApp, id: string): Promise<Connection> {
  const sync = await t.request('POST', `/api/connections/${id}/schema/sync`, {
    token: await t.adminToken(),
  });
  expect(sync.status, sync.body).toBe(202);
  return waitForSchema(t, id);
}

/** A small schema: two tables with a foreign key and a view. */
export const SMALL = `
create schema app;
create table app.accounts (id int primary key, email text not null);
create table app.invoices (id int primary key, account_id int references app.accounts(id), amount numeric);
create view app.open_invoices as select * from app.invoices where amount > 0;
`;

export const syncOf = async (t: TestApp, id: string) => {
  const res = await t.request('GET', `/api/connections/${id}/schema/sync`, {
    token: await t.adminToken(),
  });
  expect(res.status, res.body).toBe(200);
  return res.json<{ data: SchemaSync | null }>().data;
};

export const connectionOf = async (t: TestApp, id: string) => {
  const res = await t.request('GET', `/api/connections/${id}`, { token: await t.adminToken() });
  return res.json<{ data: Connection }>().data;
};
