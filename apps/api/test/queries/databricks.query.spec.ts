import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksPeer, type DatabricksPeer } from '../support/databricks-peer';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { createConnection } from '../support/schema-sync';
import {
  eventually,
  expectRefusedBeforeTarget,
  expectTimedOut,
  querier,
  refusalOf,
  rowsOf,
} from './query-support';

const TOKEN = 'dapi-query-token-3';
const HTTP_PATH = '/sql/1.0/warehouses/query42';
const EVENTS = 'select id, kind from main.web.events order by id';

/** Every write shape a Databricks user might try: none may reach the warehouse. */
const WRITES = [
  'insert into main.web.events values (1)',
  'update main.web.events set kind = 1',
  'delete from main.web.events',
  'drop table main.web.events',
  'truncate table main.web.events',
  'select 1; delete from main.web.events',
  'create table t as select * from main.web.events',
  'merge into main.web.events using t on 1 = 1 when matched then delete',
  'optimize main.web.events',
  'vacuum main.web.events',
  "select * from read_files('s3://bucket/exports/')",
  'select * from parquet.`s3://bucket/exports/`',
  "select http_request(conn => 'x', method => 'GET', path => '/')",
  "select secret('scope', 'key')",
  "select reflect('java.lang.Runtime', 'getRuntime')",
  "select ai_query('endpoint', 'prompt')",
  'grant select on main.web.events to `users`',
];

describe('queries through Sluice on Databricks (a Thrift protocol peer)', () => {
  let peer: DatabricksPeer;
  let t: TestApp;
  let admin: string;
  let id: string;
  const ask = (sql: string, extra: Record<string, unknown> = {}) =>
    querier(
      t,
      () => id,
      () => admin,
    )(sql, extra);

  beforeAll(async () => {
    peer = await startDatabricksPeer({
      httpPath: HTTP_PATH,
      token: TOKEN,
      catalogs: ['main'],
      answer: (sql) =>
        sql === EVENTS
          ? {
              columns: ['id', 'kind'],
              rows: Array.from({ length: 25 }, (_, i) => [
                String(i + 1),
                i === 0 ? null : `kind ${i}`,
              ]),
            }
          : undefined,
      fail: (sql) =>
        sql.includes('payroll')
          ? {
              message:
                '[INSUFFICIENT_PERMISSIONS] User does not have SELECT on Table main.hr.payroll.',
              sqlState: '42501',
            }
          : undefined,
      stall: (sql) => sql.includes('slow_report'),
    });
    t = await createTestApp({ QUERY_SESSION_IDLE_SECONDS: '1' });
    admin = await t.adminToken();
    id = (
      await createConnection(t, {
        name: unique('Query Databricks'),
        dbType: 'databricks',
        host: '127.0.0.1',
        port: peer.port,
        password: TOKEN,
        options: { httpPath: HTTP_PATH, catalog: 'main' },
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('answers rows capped at maxRows, with the server’s query timeout', async () => {
    const result = await rowsOf(ask(EVENTS, { maxRows: 10, timeoutMs: 15_000 }));
    expect(result.columns).toEqual([
      { name: 'id', type: 'string' },
      { name: 'kind', type: 'string' },
    ]);
    expect(result.rows[0]).toEqual(['1', null]);
    expect([result.rowCount, result.truncated]).toEqual([10, true]);
    expect(peer.timeouts[peer.statements.lastIndexOf(EVENTS)]).toBe(15);
  });

  it('keeps the warehouse session for the next query', async () => {
    const sessions = peer.sessions.length;
    const result = await rowsOf(ask(EVENTS, { maxRows: 100 }));
    expect([result.rowCount, result.truncated]).toEqual([25, false]);
    expect(peer.sessions.length).toBe(sessions);
  });

  it('refuses every write shape before it reaches the warehouse', async () => {
    await expectRefusedBeforeTarget(ask, WRITES, () => peer.statements);
  });

  it('answers a refused table as PERMISSION_DENIED', async () => {
    const denied = await refusalOf(ask('select * from main.hr.payroll'));
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(denied.detail).toContain('does not have SELECT');
    expect(denied.detail).not.toContain(TOKEN);
  });

  it('cancels an operation past its deadline on the warehouse and closes the session', async () => {
    const cancels = peer.cancels();
    await expectTimedOut(ask, 'select count(*) from main.web.slow_report', 800);
    expect(peer.cancels()).toBe(cancels + 1);
    // Kept sessions end after a second idle; the one that timed out at once.
    await eventually(() => expect(peer.openSessions()).toBe(0), 5000);
  });
});
