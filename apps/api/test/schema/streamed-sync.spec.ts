import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from 'pg';
import type { CatalogObject } from '@sluice/contracts';
import { CatalogWriteRepository } from '../../src/catalog/catalog-write.repository';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  auditOf,
  catalogOf,
  createConnection,
  eventually,
  postgresCatalogTarget,
  waitForSchema,
} from '../support/schema-sync';

const TABLES = 2_500;
const MANY = `
create schema wide;
do $$ begin
  for i in 1..${TABLES} loop
    execute format('create table wide.t_%s (id int primary key, note text)', lpad(i::text, 4, '0'));
  end loop;
end $$;`;

/**
 * A catalog written as it is read: the driver thread hands PostgreSQL's catalog over by batches
 * of tables, each written before the next is read, all in one transaction.
 */
describe('a schema sync streamed batch by batch', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;
  /** Each batch the writer was handed; `hold` makes the next batch wait for it. */
  const batches: number[] = [];
  let hold: Promise<void> | null = null;

  beforeAll(async () => {
    target = await postgresCatalogTarget(MANY);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
    const writer = t.app.get(CatalogWriteRepository);
    const open = writer.open.bind(writer);
    vi.spyOn(writer, 'open').mockImplementation(async (id, hooks) => {
      const write = await open(id, hooks);
      return {
        ...write,
        add: async (objects: CatalogObject[]) => {
          batches.push(objects.length);
          if (hold && batches.length > 1) await hold;
          return write.add(objects);
        },
      };
    });
  }, 120_000);
  afterAll(() => t.close());

  const sessionsOnTarget = async () => {
    const client = new Client({
      host: target.body.host,
      port: target.body.port,
      user: target.body.username,
      password: target.body.password,
      database: target.body.databaseName,
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where application_name = 'sluice-schema-sync'",
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  };

  it('hands the catalog over in batches of tables and stores every one', async () => {
    const created = await createConnection(t, target.body);
    const ready = await waitForSchema(t, created.id, ['ready', 'failed'], 60_000);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(batches).toEqual([2_000, 500]);
    expect(ready.schemaMessage).toBe(`${TABLES} tables and views, ${TABLES * 2} columns`);
    const catalog = await catalogOf(t, created.id);
    expect(catalog).toHaveLength(TABLES);
    expect(catalog.at(-1)).toMatchObject({
      schemaName: 'wide',
      name: 't_2500',
      primaryKey: ['id'],
      columns: [expect.objectContaining({ name: 'id' }), expect.objectContaining({ name: 'note' })],
    });
  });

  it('cancelled between two batches: nothing of it is kept, the old catalog stays, no session is left', async () => {
    const [connection] = (
      await t.pool.query<{ id: string }>(
        "select id from data_connections where db_type = 'postgresql'",
      )
    ).rows;
    const id = connection!.id;
    const before = await catalogOf(t, id);
    await target.run('create table wide.added_later (id int)');
    batches.length = 0;
    let release = () => undefined as void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const token = await t.adminToken();
    expect((await t.request('POST', `/api/connections/${id}/schema/sync`, { token })).status).toBe(
      202,
    );
    await eventually(
      () => Promise.resolve(batches.length === 2 ? true : undefined),
      'the second batch',
    );
    const cancel = await t.request('DELETE', `/api/connections/${id}/schema/sync`, { token });
    expect(cancel.status, cancel.body).toBe(200);
    release();
    hold = null;
    const runs = await eventually(async () => {
      const events = await auditOf(t, id, 'connections:schema_sync');
      return events.length === 2 ? events : undefined;
    }, 'the cancelled run to be audited');
    expect(runs.map((r) => r.details.outcome).sort()).toEqual(['cancelled', 'ready']);
    const after = await catalogOf(t, id);
    expect(after).toEqual(before);
    expect(after.some((o) => o.name === 'added_later')).toBe(false);
    await eventually(
      async () => ((await sessionsOnTarget()) === 0 ? true : undefined),
      'no session',
    );
    // Nor a transaction left open on Sluice's own database by the write that was rolled back.
    const { rows } = await t.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a catalog past SCHEMA_SYNC_MAX_OBJECTS before writing any of it', async () => {
    const small = await createTestApp({ SLUICE_ROLE: 'all', SCHEMA_SYNC_MAX_OBJECTS: '1000' });
    try {
      const created = await createConnection(small, target.body);
      const failed = await waitForSchema(small, created.id, ['ready', 'failed'], 60_000);
      expect(failed.schemaStatus).toBe('failed');
      expect(failed.schemaMessage).toBe(
        `The catalog has ${TABLES + 1} tables and views, more than this Sluice reads (1000)`,
      );
      expect(await catalogOf(small, created.id)).toEqual([]);
      const runs = await auditOf(small, created.id, 'connections:schema_sync');
      expect(runs.map((r) => r.details.outcome)).toEqual(['failed']);
    } finally {
      await small.close();
    }
  });
});
