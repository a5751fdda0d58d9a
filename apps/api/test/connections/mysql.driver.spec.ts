import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from 'mysql2/promise';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { hasMariadb, requireMariadb, startMariadb, type MariadbServer } from '../support/mariadb';
import { loopbackMysqlDriver, mariadbParams } from '../support/mysql-driver';
import { freePort } from '../support/free-port';
import { startSilentServer, type SilentServer } from '../support/silent-server';

requireMariadb();

describe.skipIf(!hasMariadb)('MySQL driver against a real MariaDB', () => {
  let server: MariadbServer;
  const driver = loopbackMysqlDriver();
  const params = (overrides: Partial<ConnectionParams> = {}) => mariadbParams(server, overrides);

  beforeAll(async () => {
    server = await startMariadb();
  }, 120_000);
  afterAll(() => server?.stop());

  it('connects and reports the version, stages and a superuser', async () => {
    const result = await driver.test(params(), 5000);
    expect(result).toMatchObject({ success: true, errorCode: null });
    expect(result.serverVersion).toMatch(/^MariaDB 1\d\.\d+\.\d+$/);
    expect(result.stages.map((s) => s.name)).toEqual([
      'resolve',
      'connect',
      'authenticate',
      'query',
    ]);
    expect(result.privileges).toMatchObject({ canWrite: true, superuser: true });
  });

  it('reports a read-only user as one that cannot write', async () => {
    const result = await driver.test(params({ ...server.readOnly }), 5000);
    expect(result.success).toBe(true);
    expect(result.privileges).toMatchObject({ canWrite: false, superuser: false });
  });

  it('fails with AUTH_FAILED for a wrong password, without echoing it', async () => {
    const result = await driver.test(params({ password: 'Wrong-Secret-42' }), 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'AUTH_FAILED',
      message: `Access denied for user "${server.admin.username}"`,
    });
    expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
    expect(JSON.stringify(result)).not.toContain('Wrong-Secret-42');
  });

  it('fails with DATABASE_NOT_FOUND for an unknown database', async () => {
    const result = await driver.test(params({ databaseName: 'nope' }), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'DATABASE_NOT_FOUND' });
  });

  it('fails with PERMISSION_DENIED for a database the user may not use', async () => {
    const result = await driver.test(params({ ...server.readOnly, databaseName: 'mysql' }), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'PERMISSION_DENIED' });
  });

  it('fails with CONNECTION_REFUSED on a closed port', async () => {
    const port = await freePort();
    const result = await driver.test(params({ port }), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'CONNECTION_REFUSED' });
    expect(result.hint).toBe(`Check the port: nothing listens on ${server.host}:${port}.`);
  });

  it('fails with DNS_NOT_FOUND for a host that does not resolve', async () => {
    expect(await driver.test(params({ host: 'no-such-host.invalid' }), 5000)).toMatchObject({
      errorCode: 'DNS_NOT_FOUND',
    });
  });

  it('fails with TLS_FAILED when SSL is asked of a server without it', async () => {
    const result = await driver.test(params({ useSsl: true }), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'TLS_FAILED' });
  });

  it('runs its session read-only: a write through such a session fails', async () => {
    const session = await createConnection({
      host: server.host,
      port: server.port,
      user: server.admin.username,
      password: server.admin.password,
      database: 'shop',
    });
    await session.query('SET SESSION TRANSACTION READ ONLY');
    await expect(session.query('insert into orders values (1, 2.5)')).rejects.toThrow(/READ ONLY/i);
    await session.end();
  });

  describe('against a silent server', () => {
    let silent: SilentServer;
    beforeAll(async () => {
      silent = await startSilentServer();
    });
    afterAll(() => silent.close());

    it('fails with TIMEOUT within the deadline and leaves no socket open', async () => {
      const started = Date.now();
      const result = await driver.test(params({ host: '127.0.0.1', port: silent.port }), 800);
      expect(result).toMatchObject({ success: false, errorCode: 'TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(2800);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(silent.openSockets()).toBe(0);
    });
  });
});
