import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTdsPeer, type TdsPeer, type TdsResultSet } from '../support/tds-peer';
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

const PASSWORD = 'Query-Secret-9';
const CUSTOMERS: TdsResultSet = {
  columns: [
    { name: 'id', type: 'int' },
    { name: 'name', type: 'nvarchar' },
    { name: 'big', type: 'bigint' },
    { name: 'active', type: 'bit' },
  ],
  rows: Array.from({ length: 30 }, (_, i) => [
    i + 1,
    `customer ${i + 1}`,
    9_000_000_001 + i,
    i % 2 === 0,
  ]),
};

/** Every write shape a SQL Server user might try: none may reach the server. */
const WRITES = [
  'insert into dbo.customers (name) values (1)',
  'update dbo.customers set name = 1',
  'delete from dbo.customers',
  'drop table dbo.customers',
  'truncate table dbo.customers',
  'select 1; delete from dbo.customers',
  'exec sp_configure',
  "exec xp_cmdshell 'dir'",
  'select * into dbo.copy from dbo.customers',
  'merge dbo.customers using dbo.orders on 1 = 1 when matched then delete;',
  "waitfor delay '00:00:05'",
  'begin transaction',
  'select * from dbo.customers with (updlock)',
  "select * from openrowset('SQLNCLI', 'Server=x;', 'delete from t')",
  "select * from openquery(remote, 'delete from t')",
  'declare @x int',
  'create table t (id int)',
  'grant select on dbo.customers to public',
];

describe('queries through Sluice on SQL Server (a TDS protocol peer)', () => {
  let peer: TdsPeer;
  let t: TestApp;
  let admin: string;
  let id: string;
  const ask = (sql: string, extra: Record<string, unknown> = {}) =>
    querier(
      t,
      () => id,
      () => admin,
    )(sql, extra);
  const after = (sql: string) => peer.batches.slice(peer.batches.lastIndexOf(sql));

  beforeAll(async () => {
    peer = await startTdsPeer({
      users: { sa: PASSWORD },
      databases: ['sales'],
      answer: (sql) =>
        sql === 'select id, name, big, active from dbo.customers' ? [CUSTOMERS] : undefined,
      fail: (sql) =>
        sql.includes('dbo.secrets')
          ? { number: 229, message: "The SELECT permission was denied on the object 'secrets'." }
          : sql.includes('nowhere')
            ? { number: 208, message: "Invalid object name 'nowhere'." }
            : undefined,
      stall: (sql) => sql.includes('slow_report'),
    });
    t = await createTestApp({ QUERY_SESSION_IDLE_SECONDS: '1' });
    admin = await t.adminToken();
    id = (
      await createConnection(t, {
        name: unique('Query SQL Server'),
        dbType: 'sqlserver',
        host: '127.0.0.1',
        port: peer.port,
        databaseName: 'sales',
        username: 'sa',
        password: PASSWORD,
        options: {},
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('answers rows with T-SQL types, inside a transaction rolled back, rows capped by SET ROWCOUNT', async () => {
    const result = await rowsOf(
      ask('select id, name, big, active from dbo.customers', { maxRows: 10 }),
    );
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:int',
      'name:nvarchar',
      'big:bigint',
      'active:bit',
    ]);
    expect(result.rows[0]).toEqual([1, 'customer 1', '9000000001', true]);
    expect([result.rowCount, result.truncated]).toEqual([10, true]);
    const sent = after('select id, name, big, active from dbo.customers');
    expect(sent[1]).toBe('IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; SET ROWCOUNT 0');
    const before = peer.batches.slice(
      0,
      peer.batches.lastIndexOf('select id, name, big, active from dbo.customers'),
    );
    expect(before.slice(-2)).toEqual(['SET XACT_ABORT ON; BEGIN TRANSACTION', 'SET ROWCOUNT 11']);
  });

  it('reuses the session for the next query, in a new transaction', async () => {
    const logins = peer.logins.length;
    await rowsOf(ask('select id, name, big, active from dbo.customers'));
    expect(peer.logins.length).toBe(logins);
    expect(peer.batches.at(-3)).toBe('SET XACT_ABORT ON; BEGIN TRANSACTION; SET ROWCOUNT 501');
  });

  it('refuses every write shape before it reaches the server', async () => {
    await expectRefusedBeforeTarget(ask, WRITES, () => peer.batches);
  });

  it('answers the server’s refusals as PERMISSION_DENIED and SQL_ERROR, secrets scrubbed', async () => {
    const denied = await refusalOf(ask('select * from dbo.secrets'));
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(denied.detail).toContain('SELECT permission was denied');
    const missing = await refusalOf(ask('select * from nowhere'));
    expect(missing.code).toBe('SQL_ERROR');
    expect(missing.detail).not.toContain(PASSWORD);
  });

  it('cancels a statement past its deadline on the server (ATTENTION) and keeps nothing open', async () => {
    const attentions = peer.attentions();
    await expectTimedOut(ask, 'select count(*) from dbo.slow_report', 500);
    expect(peer.attentions()).toBe(attentions + 1);
    await eventually(() => expect(peer.openSockets()).toBe(0));
  });
});
