import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { SnowflakeDriver } from '../../src/connections/drivers/snowflake/snowflake.driver';
import { loopbackPolicy } from '../support/loopback-policy';
import { itReadsTheNetworkFailures } from '../support/network-cases';
import { startUntrustedHttps } from '../support/untrusted-https';
import { snowflakeAnswers } from '../support/snowflake-answers';
import { startSnowflakePeer, type SnowflakePeer } from '../support/snowflake-peer';

const PASSWORD = 'Snow-Secret-1';
const PASSPHRASE = 'Key-Passphrase-9';

function keyPair(passphrase?: string) {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: {
      type: 'pkcs8',
      format: 'pem',
      ...(passphrase && { cipher: 'aes-256-cbc', passphrase }),
    },
  });
}

describe('Snowflake driver against an HTTPS protocol peer', () => {
  const driver = new SnowflakeDriver(loopbackPolicy());
  const registered = keyPair(PASSPHRASE);
  let peer: SnowflakePeer;
  const params = (
    overrides: Partial<ConnectionParams> = {},
    options: Record<string, unknown> = {},
  ): ConnectionParams => ({
    dbType: 'snowflake',
    host: '127.0.0.1',
    port: peer.port,
    databaseName: 'SALES',
    username: 'ANN',
    password: PASSWORD,
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: true,
    options: { account: 'xy12345', warehouse: 'WH', ...options },
    ...overrides,
  });

  beforeAll(async () => {
    peer = await startSnowflakePeer({
      account: 'xy12345',
      users: {
        ANN: { password: PASSWORD, roles: ['ANALYST', 'SYSADMIN'] },
        SVC: { publicKey: registered.publicKey, roles: ['LOADER'] },
      },
      databases: ['SALES'],
      warehouses: ['WH'],
      answer: snowflakeAnswers(),
    });
  });
  afterAll(() => peer.close());

  it('logs in over HTTPS, reports the version, every stage and a read-only role', async () => {
    const result = await driver.test(params(), 8000);
    expect(result).toMatchObject({
      success: true,
      errorCode: null,
      serverVersion: 'Snowflake 9.38.1',
    });
    expect(result.stages.map((s) => [s.name, s.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['tls', true],
      ['authenticate', true],
      ['query', true],
    ]);
    expect(result.privileges).toEqual({
      canWrite: false,
      superuser: false,
      notes: ['The role ANALYST can only read: no write privilege was found.'],
    });
    expect(peer.logins.at(-1)).toMatchObject({
      user: 'ANN',
      authenticator: 'SNOWFLAKE',
      query: { databaseName: 'SALES', warehouse: 'WH' },
    });
  });

  it('reports an administrator role as a superuser that can write', async () => {
    const result = await driver.test(params({}, { role: 'SYSADMIN' }), 8000);
    expect(result.privileges).toEqual({
      canWrite: true,
      superuser: true,
      notes: [
        'The role SYSADMIN is an administrator role: it can change anything.',
        'Write privilege: OWNERSHIP on DATABASE SALES',
      ],
    });
  });

  it('logs in with a key pair: an encrypted PEM key and its passphrase', async () => {
    const result = await driver.test(
      params(
        {
          username: 'SVC',
          password: null,
          privateKey: registered.privateKey,
          privateKeyPassphrase: PASSPHRASE,
        },
        { authenticator: 'key_pair' },
      ),
      8000,
    );
    expect(result).toMatchObject({ success: true });
    expect(peer.logins.at(-1)).toMatchObject({ user: 'SVC', authenticator: 'SNOWFLAKE_JWT' });
  });

  it('fails with AUTH_FAILED (390144) for a key the user does not have', async () => {
    const other = keyPair();
    const result = await driver.test(
      params(
        { username: 'SVC', password: null, privateKey: other.privateKey },
        { authenticator: 'key_pair' },
      ),
      8000,
    );
    expect(result).toMatchObject({ success: false, errorCode: 'AUTH_FAILED' });
    expect(result.hint).toMatch(/^Check the private key/);
    expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
  });

  it('fails with AUTH_FAILED (390100) for a wrong password, without echoing it', async () => {
    const result = await driver.test(params({ password: 'Wrong-Secret-42' }), 8000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'AUTH_FAILED',
      message: 'Incorrect username or password for "ANN"',
    });
    expect(JSON.stringify(result)).not.toContain('Wrong-Secret-42');
  });

  it('fails with DATABASE_NOT_FOUND when Snowflake logs in without the database asked for', async () => {
    const result = await driver.test(params({ databaseName: 'NOPE' }), 8000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'DATABASE_NOT_FOUND',
      message: 'The database "NOPE" does not exist or the role may not use it',
    });
    expect(result.stages.at(-1)).toMatchObject({ name: 'query', ok: false });
  });

  it('fails with PERMISSION_DENIED for a warehouse the role cannot use', async () => {
    const result = await driver.test(params({}, { warehouse: 'BIG_WH' }), 8000);
    expect(result).toMatchObject({ success: false, errorCode: 'PERMISSION_DENIED' });
    expect(result.hint).toMatch(/^Check the warehouse/);
  });

  it('fails with PERMISSION_DENIED (390189) for a role not granted to the user', async () => {
    const result = await driver.test(params({}, { role: 'ACCOUNTADMIN' }), 8000);
    expect(result).toMatchObject({ success: false, errorCode: 'PERMISSION_DENIED' });
    expect(result.hint).toMatch(/^Check the role/);
  });

  itReadsTheNetworkFailures((target, deadlineMs) => driver.test(params(target), deadlineMs));

  it('fails with TLS_FAILED, before any login, when the certificate is not trusted', async () => {
    const before = peer.logins.length;
    const untrusted = await startUntrustedHttps();
    try {
      const result = await driver.test(params({ port: untrusted.port }), 8000);
      expect(result).toMatchObject({ success: false, errorCode: 'TLS_FAILED' });
      expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
      expect(peer.logins.length).toBe(before);
    } finally {
      await untrusted.close();
    }
  });

  describe('behind a Snowflake network policy (390422)', () => {
    let walled: SnowflakePeer;
    beforeAll(async () => {
      walled = await startSnowflakePeer({
        account: 'xy12345',
        users: {},
        databases: [],
        warehouses: [],
        loginError: {
          code: '390422',
          message: 'Incoming request with IP/Token 10.0.0.9 is not allowed to access Snowflake.',
        },
      });
    });
    afterAll(() => walled.close());

    it('fails with PERMISSION_DENIED naming the network policy', async () => {
      const result = await driver.test(params({ port: walled.port }), 8000);
      expect(result).toMatchObject({
        success: false,
        errorCode: 'PERMISSION_DENIED',
        message: 'A Snowflake network policy does not let the Sluice server connect',
      });
    });
  });
});
