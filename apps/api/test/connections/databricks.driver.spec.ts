import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { DatabricksDriver } from '../../src/connections/drivers/databricks/databricks.driver';
import { databricksAnswers } from '../support/databricks-answers';
import { startDatabricksPeer, type DatabricksPeer } from '../support/databricks-peer';
import { loopbackPolicy } from '../support/loopback-policy';
import { itReadsTheNetworkFailures } from '../support/network-cases';
import { startUntrustedHttps } from '../support/untrusted-https';

const TOKEN = 'dapi-0123456789abcdef';
const HTTP_PATH = '/sql/1.0/warehouses/abc123';

describe('Databricks driver against a Thrift-over-HTTPS protocol peer', () => {
  const driver = new DatabricksDriver(loopbackPolicy());
  let peer: DatabricksPeer;
  const params = (
    overrides: Partial<ConnectionParams> = {},
    options: Record<string, unknown> = {},
  ): ConnectionParams => ({
    dbType: 'databricks',
    host: '127.0.0.1',
    port: peer.port,
    databaseName: null,
    username: null,
    password: TOKEN,
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: true,
    options: { httpPath: HTTP_PATH, catalog: 'main', ...options },
    ...overrides,
  });

  beforeAll(async () => {
    peer = await startDatabricksPeer({
      httpPath: HTTP_PATH,
      token: TOKEN,
      catalogs: ['main'],
      answer: databricksAnswers(),
    });
  });
  afterAll(() => peer.close());

  it('opens a session, reports the version, every stage and a user that can only read', async () => {
    const result = await driver.test(params(), 8000);
    expect(result).toMatchObject({
      success: true,
      errorCode: null,
      serverVersion: 'Databricks SQL (Spark 3.5.0)',
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
      notes: ['The user ann@example.com can only read: no write privilege was found.'],
    });
    expect(peer.sessions.at(-1)).toEqual({ catalog: 'main', schema: null });
    // The session was closed, not left open on the warehouse.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.openSessions()).toBe(0);
  });

  it('fails with AUTH_FAILED (HTTP 401) for a wrong token, without echoing it', async () => {
    const result = await driver.test(params({ password: 'dapi-wrong-token-42' }), 8000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'AUTH_FAILED',
      hint: 'Check the password: it must be a valid Databricks personal access token.',
    });
    expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
    expect(JSON.stringify(result)).not.toContain('dapi-wrong-token-42');
  });

  it('fails with DATABASE_NOT_FOUND (HTTP 404) for a wrong HTTP path', async () => {
    const result = await driver.test(params({}, { httpPath: '/sql/1.0/warehouses/nope' }), 8000);
    expect(result).toMatchObject({ success: false, errorCode: 'DATABASE_NOT_FOUND' });
    expect(result.hint).toMatch(/^Check the HTTP path/);
  });

  it('fails with DATABASE_NOT_FOUND for an unknown catalog', async () => {
    const result = await driver.test(params({}, { catalog: 'nope' }), 8000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'DATABASE_NOT_FOUND',
      hint: 'Check the catalog: "nope" was not found.',
    });
  });

  it('reports a workspace admin as a superuser that can write', async () => {
    const admins = await startDatabricksPeer({
      httpPath: HTTP_PATH,
      token: TOKEN,
      catalogs: ['main'],
      answer: databricksAnswers('root@example.com', true),
    });
    try {
      const result = await driver.test(params({ port: admins.port }), 8000);
      expect(result.privileges).toEqual({
        canWrite: true,
        superuser: true,
        notes: [
          'The user root@example.com is a workspace admin: it can change anything.',
          'Write privilege: ALL PRIVILEGES on CATALOG main',
        ],
      });
    } finally {
      await admins.close();
    }
  });

  it('fails with TLS_FAILED, before the token is sent, when the certificate is not trusted', async () => {
    const before = peer.sessions.length;
    const untrusted = await startUntrustedHttps();
    try {
      const result = await driver.test(params({ port: untrusted.port }), 8000);
      expect(result).toMatchObject({ success: false, errorCode: 'TLS_FAILED' });
      expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
      expect(peer.sessions.length).toBe(before);
    } finally {
      await untrusted.close();
    }
  });

  itReadsTheNetworkFailures((target, deadlineMs) => driver.test(params(target), deadlineMs));
});
