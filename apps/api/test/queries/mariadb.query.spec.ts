import { existsSync } from 'node:fs';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { hasMariadb, requireMariadb, startMariadb, type MariadbServer } from '../support/mariadb';
import { eventually, querier, refusalOf, rowsOf } from './query-support';

requireMariadb();

const PWNED = `/tmp/sluice-pwned-mysql-${process.pid}`;

const REFUSED: [string, string][] = [
  ['insert into shop.orders values (9, 1)', 'QUERY_NOT_READ_ONLY'],
  ['update shop.orders set total = 0', 'QUERY_NOT_READ_ONLY'],
  ['delete from shop.orders', 'QUERY_NOT_READ_ONLY'],
  ['replace into shop.orders values (1, 0)', 'QUERY_NOT_READ_ONLY'],
  ['truncate table shop.orders', 'QUERY_NOT_READ_ONLY'],
  ['drop table shop.orders', 'QUERY_NOT_READ_ONLY'],
  ['create table shop.x (a int)', 'QUERY_NOT_READ_ONLY'],
  ['alter table shop.orders add column z int', 'QUERY_NOT_READ_ONLY'],
  ['select 1; delete from shop.orders', 'QUERY_MULTIPLE_STATEMENTS'],
  [`select * from shop.orders into outfile '${PWNED}'`, 'QUERY_NOT_READ_ONLY'],
  [`select 1 into dumpfile '${PWNED}'`, 'QUERY_NOT_READ_ONLY'],
  [`select 1 /*!50000 into outfile '${PWNED}' */`, 'QUERY_NOT_READ_ONLY'],
  ['select 1 /*M!100000 ; delete from shop.orders */', 'QUERY_NOT_READ_ONLY'],
  ["select load_file('/etc/passwd')", 'QUERY_NOT_READ_ONLY'],
  ['select sleep(30)', 'QUERY_FUNCTION_DENIED'],
  ["select benchmark(100000000, md5('x'))", 'QUERY_FUNCTION_DENIED'],
  ["select get_lock('x', 10)", 'QUERY_FUNCTION_DENIED'],
  ['select * from shop.orders for update', 'QUERY_NOT_READ_ONLY'],
  ['select * from shop.orders lock in share mode', 'QUERY_NOT_READ_ONLY'],
  ['select * from shop.orders into @x', 'QUERY_NOT_READ_ONLY'],
  ['set session transaction read write', 'QUERY_NOT_READ_ONLY'],
  ['start transaction', 'QUERY_NOT_READ_ONLY'],
  ['commit', 'QUERY_NOT_READ_ONLY'],
  ['lock tables shop.orders write', 'QUERY_NOT_READ_ONLY'],
  ['call shop.wipe()', 'QUERY_NOT_READ_ONLY'],
  ['do sleep(1)', 'QUERY_NOT_READ_ONLY'],
  ['handler shop.orders open', 'QUERY_NOT_READ_ONLY'],
  [`load data infile '/etc/passwd' into table shop.orders`, 'QUERY_NOT_READ_ONLY'],
  ['grant all on *.* to sluice_reader', 'QUERY_NOT_READ_ONLY'],
  ['selec 1', 'QUERY_UNPARSABLE'],
];

describe.skipIf(!hasMariadb)('queries through Sluice on MariaDB, as a superuser', () => {
  let server: MariadbServer;
  let t: TestApp;
  let admin: string;
  let id: string;
  let direct: Connection;
  const ask = (...args: Parameters<ReturnType<typeof querier>>) =>
    querier(
      t,
      () => id,
      () => admin,
    )(...args);
  const fingerprint = async () => {
    const [rows] = await direct.query('checksum table shop.orders');
    const [tables] = await direct.query(
      "select count(*) as n from information_schema.tables where table_schema = 'shop'",
    );
    return JSON.stringify([rows, tables]);
  };

  beforeAll(async () => {
    server = await startMariadb();
    direct = await createConnection({
      host: server.host,
      port: server.port,
      user: server.admin.username,
      password: server.admin.password,
      multipleStatements: true,
    });
    await direct.query(`
      insert into shop.orders values (1, 10.50), (2, 99.99);
      create procedure shop.wipe() delete from shop.orders;
      create table shop.typed (big bigint, exact decimal(30, 10), small int, ratio double,
        at datetime(3), stamp timestamp null, day date, bytes varbinary(8), doc json, note text);
      insert into shop.typed values (9007199254740993, 12345.6789012345, 42, 0.5,
        '2024-05-01 10:00:00.250', '2024-05-01 10:00:00', '2024-05-01', x'deadbeef', '{"a": [1, 2]}', 'hé');`);
    t = await createTestApp();
    admin = await t.adminToken();
    const created = await t.request('POST', '/api/connections', {
      token: admin,
      body: {
        name: unique('Query MariaDB'),
        dbType: 'mysql',
        host: server.host,
        port: server.port,
        databaseName: 'shop',
        username: server.admin.username,
        password: server.admin.password,
      },
    });
    expect(created.status, created.body).toBe(201);
    id = created.json<{ data: { id: string } }>().data.id;
  });
  afterAll(async () => {
    await direct?.end();
    await t?.close();
    await server?.stop();
  });

  it('returns columns with their types and every value JSON-safe and exact', async () => {
    const result = await rowsOf(ask('select * from typed'));
    expect(result.columns.map((c) => c.name)).toEqual([
      'big',
      'exact',
      'small',
      'ratio',
      'at',
      'stamp',
      'day',
      'bytes',
      'doc',
      'note',
    ]);
    expect(result.columns.find((c) => c.name === 'big')?.type).toBe('longlong');
    const [big, exact, small, ratio, at, stamp, day, bytes, , note] = result.rows[0]!;
    expect([big, exact, small, ratio, at, stamp, day, bytes, note]).toEqual([
      '9007199254740993',
      '12345.6789012345',
      42,
      0.5,
      '2024-05-01T10:00:00.250',
      '2024-05-01T10:00:00Z',
      '2024-05-01',
      '3q2+7w==',
      'hé',
    ]);
  });

  it('refuses every write and every reach outside the data, and the table is unchanged', async () => {
    const before = await fingerprint();
    for (const [sql, code] of REFUSED) {
      const problem = await refusalOf(ask(sql));
      expect(problem.code, sql).toBe(code);
    }
    expect(await fingerprint()).toBe(before);
    expect(existsSync(PWNED)).toBe(false);
    expect((await rowsOf(ask("select '; delete from shop.orders' as s"))).rows).toEqual([
      ['; delete from shop.orders'],
    ]);
    expect((await rowsOf(ask('show tables'))).rowCount).toBeGreaterThan(0);
  });

  it('caps rows on the server and says the result was cut', async () => {
    const sql = 'select a.seq from seq_1_to_20000 a';
    expect(await rowsOf(ask(sql, { maxRows: 100 }))).toMatchObject({
      rowCount: 100,
      truncated: true,
    });
    expect(await rowsOf(ask('select seq from seq_1_to_10', { maxRows: 10 }))).toMatchObject({
      rowCount: 10,
      truncated: false,
    });
  });

  it('stops a statement past its timeout on the server: it is gone from the process list', async () => {
    const sql = 'select count(*) from seq_1_to_100000 a, seq_1_to_100000 b /* sluice-timeout */';
    const problem = await refusalOf(ask(sql, { timeoutMs: 500 }));
    expect(problem.code).toBe('TIMEOUT');
    await eventually(async () => {
      const [rows] = await direct.query(
        "select id from information_schema.processlist where info like '%sluice-timeout%' and id <> connection_id()",
      );
      expect(rows).toEqual([]);
    });
  });

  it('names a target’s error without its password, and leaves no session open', async () => {
    const missing = await refusalOf(ask('select * from nowhere'));
    expect(missing.code).toBe('SQL_ERROR');
    expect(missing.detail).toContain("nowhere' doesn't exist");
    expect(missing.detail).not.toContain(server.admin.password);
    await eventually(async () => {
      const [rows] = await direct.query(
        'select id from information_schema.processlist where user = ? and id <> connection_id()',
        [server.admin.username],
      );
      expect(rows).toEqual([]);
    });
  });
});
