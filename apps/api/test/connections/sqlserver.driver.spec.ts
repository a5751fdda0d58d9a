import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { SqlServerDriver } from '../../src/connections/drivers/sqlserver/sqlserver.driver';
import { loopbackPolicy } from '../support/loopback-policy';
import { itReadsTheNetworkFailures } from '../support/network-cases';
import { sqlServerAnswers } from '../support/sqlserver-answers';
import { startTdsPeer, type TdsPeer } from '../support/tds-peer';

const ADMIN_PASSWORD = 'Adm1n-Secret!';
const READER_PASSWORD = 'Read-Only-Secret';

describe('SQL Server driver against a TDS protocol peer', () => {
  const driver = new SqlServerDriver(loopbackPolicy());
  let peer: TdsPeer;
  const params = (overrides: Partial<ConnectionParams> = {}): ConnectionParams => ({
    dbType: 'sqlserver',
    host: '127.0.0.1',
    port: peer.port,
    databaseName: 'sales',
    username: 'sa',
    password: ADMIN_PASSWORD,
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: false,
    options: {},
    ...overrides,
  });

  beforeAll(async () => {
    peer = await startTdsPeer({
      users: { sa: ADMIN_PASSWORD, reader: READER_PASSWORD },
      databases: ['master', 'sales'],
      answer: sqlServerAnswers(),
    });
  });
  afterAll(() => peer.close());

  it('logs in, reports the version, the stages and a sysadmin', async () => {
    const result = await driver.test(params(), 5000);
    expect(result).toMatchObject({
      success: true,
      errorCode: null,
      serverVersion: 'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)',
    });
    expect(result.stages.map((s) => [s.name, s.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['authenticate', true],
      ['query', true],
    ]);
    expect(result.privileges).toMatchObject({ canWrite: true, superuser: true });
    // What the server received: the login as typed, with the password only in the login packet.
    expect(peer.logins.at(-1)).toEqual({
      user: 'sa',
      password: ADMIN_PASSWORD,
      database: 'sales',
      appName: 'Sluice',
    });
  });

  it('reports a login that can only read as one that cannot write', async () => {
    const result = await driver.test(
      params({ username: 'reader', password: READER_PASSWORD }),
      5000,
    );
    expect(result.success).toBe(true);
    expect(result.privileges).toEqual({
      canWrite: false,
      superuser: false,
      notes: ['The user can only read: no write permission was found.'],
    });
  });

  it('runs every statement inside a transaction it never commits', async () => {
    const before = peer.batches.length;
    await driver.test(params(), 5000);
    const batches = peer.batches.slice(before);
    const opened = batches.findIndex((b) => /BEGIN TRANSACTION/.test(b));
    expect(opened).toBeGreaterThanOrEqual(0);
    expect(batches.slice(opened + 1).length).toBe(1);
    expect(batches.some((b) => /\bCOMMIT\b/i.test(b))).toBe(false);
  });

  it('fails with AUTH_FAILED (error 18456) for a wrong password, without echoing it', async () => {
    const result = await driver.test(params({ password: 'Wrong-Secret-42' }), 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'AUTH_FAILED',
      message: 'Login failed for user "sa"',
      hint: 'Check the username and password: the server rejected them.',
    });
    expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
    expect(JSON.stringify(result)).not.toContain('Wrong-Secret-42');
  });

  it('fails with DATABASE_NOT_FOUND (error 4060) for an unknown database', async () => {
    const result = await driver.test(params({ databaseName: 'nope' }), 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'DATABASE_NOT_FOUND',
      hint: 'Check the database name: "nope" cannot be opened on 127.0.0.1 by "sa".',
    });
  });

  itReadsTheNetworkFailures((target, deadlineMs) => driver.test(params(target), deadlineMs));

  describe('against a server that requires encryption', () => {
    let strict: TdsPeer;
    beforeAll(async () => {
      strict = await startTdsPeer({
        users: { sa: ADMIN_PASSWORD },
        databases: ['sales'],
        encryption: 'required',
      });
    });
    afterAll(() => strict.close());

    it('fails with TLS_REQUIRED without "Encrypt Connection", before sending the login', async () => {
      const result = await driver.test(params({ port: strict.port }), 5000);
      expect(result).toMatchObject({
        success: false,
        errorCode: 'TLS_REQUIRED',
        hint: 'Turn on "Encrypt Connection": the server refuses unencrypted connections.',
      });
      expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
      expect(strict.logins).toEqual([]);
    });
  });

  it('refuses to log in without encryption when "Encrypt Connection" is on and the server has none', async () => {
    const before = peer.logins.length;
    const result = await driver.test(params({ options: { encrypt: true } }), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'TLS_FAILED' });
    expect(result.message).toBe('The server does not support encryption, and Sluice asked for it');
    expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
    // The login packet, which carries the password, never left.
    expect(peer.logins.length).toBe(before);
  });

  describe('against a server whose firewall refuses the client (Azure error 40615)', () => {
    let walled: TdsPeer;
    beforeAll(async () => {
      walled = await startTdsPeer({
        users: { sa: ADMIN_PASSWORD },
        databases: ['sales'],
        loginError: {
          number: 40615,
          message:
            "Cannot open server 'x' requested by the login. Client with IP address '10.0.0.9' is not allowed to access the server.",
        },
      });
    });
    afterAll(() => walled.close());

    it('fails with PERMISSION_DENIED naming the firewall', async () => {
      const result = await driver.test(params({ port: walled.port }), 5000);
      expect(result).toMatchObject({
        success: false,
        errorCode: 'PERMISSION_DENIED',
        message: 'The server’s firewall does not let the Sluice server connect',
      });
    });
  });
});
