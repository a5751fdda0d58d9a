import { request as httpRequest } from 'node:http';
import { createConnection, type Connection as MysqlConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { postgresTarget } from '../support/target';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { hasMariadb, requireMariadb, startMariadb, type MariadbServer } from '../support/mariadb';
import { eventually } from './query-support';

requireMariadb();

/**
 * A caller that goes away (the console's Cancel closes its request) cancels the statement on the
 * server: it leaves the server's list of running queries long before its timeout.
 */
describe('cancelling a query by going away', () => {
  let t: TestApp;
  let admin: string;
  let base: string;
  let mariadb: MariadbServer | undefined;
  let pg: Client;
  let my: MysqlConnection | undefined;

  /** Starts a query over real HTTP and returns a function that drops the request. */
  const start = (id: string, sql: string) => {
    const req = httpRequest(`${base}/api/connections/${id}/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ sql, timeoutMs: 120_000 }));
    return () => req.destroy();
  };
  const outcome = async (marker: string) =>
    (
      await t.pool.query<{ o: string }>(
        "select details->>'outcome' as o from audit_events where details->>'sql' like $1",
        [`%${marker}%`],
      )
    ).rows.map((r) => r.o);
  const create = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/connections', {
      token: admin,
      body: { name: unique('cancel'), ...body },
    });
    return res.json<{ data: { id: string } }>().data.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpAdapter().getInstance().server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const target = postgresTarget();
    pg = new Client({ ...target, user: target.username });
    await pg.connect();
    if (hasMariadb) {
      mariadb = await startMariadb();
      my = await createConnection({
        host: mariadb.host,
        port: mariadb.port,
        user: mariadb.admin.username,
        password: mariadb.admin.password,
      });
    }
  });
  afterAll(async () => {
    await pg?.end();
    await my?.end();
    await t?.close();
    await mariadb?.stop();
  });

  it('on PostgreSQL: the backend stops the statement, and the audit says CANCELLED', async () => {
    const id = await create({ ...postgresTarget() });
    const sql = 'select count(*) from generate_series(1, 100000000000) /* pg-cancel-marker */';
    const running = () =>
      pg.query(
        "select pid from pg_stat_activity where state = 'active' and query like '%pg-cancel-marker%' and pid <> pg_backend_pid()",
      );
    const drop = start(id, sql);
    await eventually(async () => expect((await running()).rows).toHaveLength(1));
    drop();
    await eventually(async () => expect((await running()).rows).toEqual([]), 5_000);
    await eventually(async () => expect(await outcome('pg-cancel-marker')).toEqual(['CANCELLED']));
  });

  it.skipIf(!hasMariadb)(
    'on MariaDB: KILL QUERY stops it, and the audit says CANCELLED',
    async () => {
      const id = await create({
        dbType: 'mysql',
        host: mariadb!.host,
        port: mariadb!.port,
        databaseName: 'shop',
        username: mariadb!.admin.username,
        password: mariadb!.admin.password,
      });
      const sql =
        'select count(*) from seq_1_to_100000 a, seq_1_to_100000 b /* my-cancel-marker */';
      const running = async () => {
        const [rows] = await my!.query(
          "select id from information_schema.processlist where info like '%my-cancel-marker%' and id <> connection_id()",
        );
        return rows as unknown[];
      };
      const drop = start(id, sql);
      await eventually(async () => expect(await running()).toHaveLength(1));
      drop();
      await eventually(async () => expect(await running()).toEqual([]), 5_000);
      await eventually(async () =>
        expect(await outcome('my-cancel-marker')).toEqual(['CANCELLED']),
      );
    },
  );
});
