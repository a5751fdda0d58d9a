import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { PostgresqlDriver } from '../../src/connections/drivers/postgresql/postgresql.driver';
import { loopbackPolicy } from '../support/loopback-policy';
import { hasSshd, requireSshd, startBastion, type Bastion } from '../support/sshd';
import { postgresTarget } from '../support/target';
import { startSilentServer } from '../support/silent-server';
import { startStallingBastion, type StallingBastion } from '../support/stalling-bastion';
import { until } from '../support/until';
import { hasMariadb, requireMariadb, startMariadb, type MariadbServer } from '../support/mariadb';
import { loopbackMysqlDriver, mariadbParams } from '../support/mysql-driver';
import { SqlServerDriver } from '../../src/connections/drivers/sqlserver/sqlserver.driver';
import { OracleDriver } from '../../src/connections/drivers/oracle/oracle.driver';
import { startTdsPeer, type TdsPeer } from '../support/tds-peer';
import { sqlServerAnswers } from '../support/sqlserver-answers';
import { startTnsListener, type TnsListener } from '../support/tns-listener';

requireSshd();
requireMariadb();

const DEADLINE = 5000;

describe.skipIf(!hasSshd || !hasMariadb)('SSH tunnels: the MySQL driver to a real MariaDB', () => {
  let bastion: Bastion;
  let server: MariadbServer;
  const driver = loopbackMysqlDriver();
  beforeAll(async () => {
    [bastion, server] = await Promise.all([startBastion(), startMariadb()]);
  }, 120_000);
  afterAll(async () => {
    await bastion?.stop();
    await server?.stop();
  });
  const params = (password = server.admin.password) =>
    mariadbParams(server, {
      password,
      sshTunnel: {
        host: bastion.host,
        port: bastion.port,
        username: bastion.username,
        authMethod: 'key',
        hostKeyFingerprint: bastion.fingerprint,
        password: null,
        privateKey: bastion.keys.ed25519.privateKey,
        passphrase: null,
      },
    });

  it('tests, reads the schema and queries through the tunnel; a wrong password is AUTH_FAILED', async () => {
    const result = await driver.test(params(), DEADLINE);
    expect(result).toMatchObject({ success: true, sshHostKey: bastion.fingerprint });
    expect(result.serverVersion).toMatch(/^MariaDB /);
    const objects = await driver.introspect(params(), { timeoutMs: 10_000 });
    expect(objects.map((o) => `${o.schemaName}.${o.name}`)).toEqual(['shop.orders']);
    const rows = await driver.query(params(), {
      sql: 'SELECT 6 * 7 AS answer',
      maxRows: 10,
      timeoutMs: 5000,
      maxBytes: 100_000,
    });
    expect(rows.rows).toEqual([[42]]);
    const wrong = await driver.test(params('not-the-password'), DEADLINE);
    expect(wrong).toMatchObject({ errorCode: 'AUTH_FAILED' });
    await until(() => expect(bastion.openSessions()).toBe(0), 5000);
  });
});

describe.skipIf(!hasSshd)('SSH tunnels: SQL Server and Oracle through the bastion', () => {
  let bastion: Bastion;
  let tds: TdsPeer;
  let tns: TnsListener;
  beforeAll(async () => {
    [bastion, tds, tns] = await Promise.all([
      startBastion(),
      startTdsPeer({
        users: { sa: 'Adm1n-Secret!' },
        databases: ['master', 'sales'],
        answer: sqlServerAnswers(),
      }),
      startTnsListener(12514),
    ]);
  }, 60_000);
  afterAll(async () => {
    await bastion?.stop();
    await tds?.close();
    await tns?.close();
  });
  const sshTunnel = () => ({
    host: bastion.host,
    port: bastion.port,
    username: bastion.username,
    authMethod: 'password' as const,
    hostKeyFingerprint: null,
    password: bastion.password,
    privateKey: null,
    passphrase: null,
  });
  const base = { privateKey: null, privateKeyPassphrase: null, useSsl: false };

  it('SQL Server (tedious, handed the local port): logs in through the tunnel', async () => {
    const driver = new SqlServerDriver(loopbackPolicy());
    const result = await driver.test(
      {
        ...base,
        dbType: 'sqlserver',
        host: '127.0.0.1',
        port: tds.port,
        databaseName: 'sales',
        username: 'sa',
        password: 'Adm1n-Secret!',
        options: {},
        sshTunnel: sshTunnel(),
      },
      DEADLINE,
    );
    expect(result).toMatchObject({ success: true, sshHostKey: bastion.fingerprint });
    expect(result.stages.map((s) => s.name)).toEqual([
      'resolve',
      'ssh_connect',
      'ssh_authenticate',
      'connect',
      'authenticate',
      'query',
    ]);
    expect(tds.logins.at(-1)).toMatchObject({ user: 'sa', database: 'sales' });
    await until(() => expect(bastion.openSessions()).toBe(0), 5000);
  });

  it('Oracle (thin mode, a connect descriptor to the local port): the listener answers through it', async () => {
    const driver = new OracleDriver(loopbackPolicy());
    const result = await driver.test(
      {
        ...base,
        dbType: 'oracle',
        host: '127.0.0.1',
        port: tns.port,
        databaseName: null,
        username: 'scott',
        password: 'Tiger-Secret-1',
        options: { serviceName: 'SALESPDB' },
        sshTunnel: sshTunnel(),
      },
      DEADLINE,
    );
    expect(result).toMatchObject({ success: false, errorCode: 'DATABASE_NOT_FOUND' });
    expect(result.stages.map((s) => [s.name, s.ok])).toEqual([
      ['resolve', true],
      ['ssh_connect', true],
      ['ssh_authenticate', true],
      ['connect', true],
      ['authenticate', false],
    ]);
    expect(tns.connects.at(-1)).toContain('SERVICE_NAME=SALESPDB');
    await until(() => expect(tns.openSockets()).toBe(0), 5000);
    await until(() => expect(bastion.openSessions()).toBe(0), 5000);
  });
});

describe.skipIf(!hasSshd)('SSH tunnels: bastions that never answer', () => {
  let stalling: StallingBastion;
  const driver = new PostgresqlDriver(loopbackPolicy());
  beforeAll(async () => (stalling = await startStallingBastion()));
  afterAll(() => stalling?.close());

  const params = (port: number): ConnectionParams => ({
    ...postgresTarget(),
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: false,
    options: {},
    sshTunnel: {
      host: '127.0.0.1',
      port,
      username: 'someone',
      authMethod: 'password',
      hostKeyFingerprint: null,
      password: 'whatever-pass',
      privateKey: null,
      passphrase: null,
    },
  });

  it('one that accepts TCP and says nothing: TIMEOUT at ssh_connect, its socket closed', async () => {
    const silent = await startSilentServer();
    try {
      const result = await driver.test(params(silent.port), 1500);
      expect(result).toMatchObject({ errorCode: 'TIMEOUT' });
      expect(result.message).toContain('did not answer as an SSH server would');
      expect(result.stages.at(-1)).toMatchObject({ name: 'ssh_connect', ok: false });
      await until(() => expect(silent.openSockets()).toBe(0), 3000);
    } finally {
      await silent.close();
    }
  });

  it('one that signs in but never opens the channel: TIMEOUT at connect, nothing left', async () => {
    const result = await driver.test(params(stalling.port), 1500);
    expect(result).toMatchObject({ errorCode: 'TIMEOUT' });
    expect(result.message).toContain('did not open a channel');
    expect(result.stages.at(-1)).toMatchObject({ name: 'connect', ok: false });
    expect(stalling.channelsAsked()).toBe(1);
    await until(() => expect(stalling.openSockets()).toBe(0), 3000);
  });
});
