import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakePeer, type SnowflakePeer } from '../support/snowflake-peer';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { createConnection } from '../support/schema-sync';
import {
  expectRefusedBeforeTarget,
  expectTimedOut,
  querier,
  refusalOf,
  rowsOf,
} from './query-support';

const PASSWORD = 'Snow-Query-Secret-4';
const ORDERS = 'select id, amount, ratio, paid, note from orders order by id';

/** Every write shape a Snowflake user might try: none may reach the server. */
const WRITES = [
  'insert into orders values (1)',
  'update orders set amount = 0',
  'delete from orders',
  'drop table orders',
  'truncate table orders',
  'select 1; delete from orders',
  'create table t as select * from orders',
  'merge into orders using t on 1 = 1 when matched then delete',
  'call cleanup()',
  'copy into orders from @stage',
  'select $1 from @stage/orders.csv',
  'select system$abort_session(1)',
  "alter session set query_tag = 'x'",
  'begin',
  'grant select on orders to role public',
];

describe('queries through Sluice on Snowflake (an HTTPS protocol peer)', () => {
  let peer: SnowflakePeer;
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
    peer = await startSnowflakePeer({
      account: 'xy12345',
      users: { ANN: { password: PASSWORD, roles: ['ANALYST'] } },
      databases: ['SALES'],
      warehouses: ['WH'],
      answer: (sql) =>
        sql === ORDERS
          ? {
              columns: ['ID', 'AMOUNT', 'RATIO', 'PAID', 'NOTE'],
              types: [
                { type: 'fixed', scale: 0, precision: 38 },
                { type: 'fixed', scale: 2, precision: 12 },
                { type: 'real' },
                { type: 'boolean' },
                { type: 'text' },
              ],
              rows: Array.from({ length: 20 }, (_, i) => [
                String(i === 0 ? '12345678901234567890' : i + 1),
                `${i + 1}.50`,
                '0.25',
                i % 2 === 0 ? 'true' : 'false',
                i === 0 ? null : `order ${i + 1}`,
              ]),
            }
          : undefined,
      fail: (sql) =>
        sql.includes('payroll')
          ? {
              code: '003001',
              message:
                "SQL access control error: Insufficient privileges to operate on table 'PAYROLL'",
            }
          : undefined,
      stall: (sql) => sql.includes('slow_report'),
    });
    t = await createTestApp({ QUERY_SESSION_IDLE_SECONDS: '1' });
    admin = await t.adminToken();
    id = (
      await createConnection(t, {
        name: unique('Query Snowflake'),
        dbType: 'snowflake',
        host: '127.0.0.1',
        port: peer.port,
        databaseName: 'SALES',
        username: 'ANN',
        password: PASSWORD,
        options: { account: 'xy12345' },
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('answers exact values between BEGIN and ROLLBACK, with the server’s statement timeout', async () => {
    const result = await rowsOf(ask(ORDERS, { maxRows: 5, timeoutMs: 20_000 }));
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'ID:number(38,0)',
      'AMOUNT:number(12,2)',
      'RATIO:real',
      'PAID:boolean',
      'NOTE:text',
    ]);
    expect(result.rows[0]).toEqual(['12345678901234567890', '1.50', 0.25, true, null]);
    expect(result.rows[1]).toEqual([2, '2.50', 0.25, false, 'order 2']);
    expect([result.rowCount, result.truncated]).toEqual([5, true]);
    const at = peer.queries.lastIndexOf(ORDERS);
    expect(peer.queries.slice(at - 1, at + 2)).toEqual(['BEGIN', ORDERS, 'ROLLBACK']);
    expect(peer.parameters[at]).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: 20 });
  });

  it('keeps the session for the next query', async () => {
    const logins = peer.logins.length;
    await rowsOf(ask(ORDERS));
    expect(peer.logins.length).toBe(logins);
  });

  it('refuses every write shape before it reaches Snowflake', async () => {
    await expectRefusedBeforeTarget(ask, WRITES, () => peer.queries);
  });

  it('answers a refused table as PERMISSION_DENIED, in Snowflake’s words', async () => {
    const denied = await refusalOf(ask('select * from payroll'));
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(denied.detail).toContain('Insufficient privileges');
    expect(denied.detail).not.toContain(PASSWORD);
  });

  it('aborts a statement past its deadline on the server', async () => {
    const aborts = peer.aborts();
    await expectTimedOut(ask, 'select count(*) from slow_report', 800);
    expect(peer.aborts()).toBe(aborts + 1);
  });
});
