import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasMariadb, requireMariadb, startMariadb, type MariadbServer } from '../support/mariadb';
import { loopbackMysqlDriver, mariadbParams } from '../support/mysql-driver';

requireMariadb();

describe.skipIf(!hasMariadb)('MySQL driver against a MariaDB that requires TLS', () => {
  let server: MariadbServer;
  const driver = loopbackMysqlDriver();
  const params = (useSsl: boolean, options: Record<string, unknown> = {}) =>
    mariadbParams(server, { useSsl, options });

  beforeAll(async () => {
    server = await startMariadb({ requireTls: true });
  }, 120_000);
  afterAll(() => server?.stop());

  it('without "Use SSL": TLS_REQUIRED at the tls stage, with a hint naming the setting', async () => {
    const result = await driver.test(params(false), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'TLS_REQUIRED' });
    expect(result.hint).toContain('Use SSL');
    expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
  });

  it('with "Use SSL": an encrypted session that passes', async () => {
    const result = await driver.test(params(true), 5000);
    expect(result).toMatchObject({ success: true, errorCode: null });
    expect(result.serverVersion).toMatch(/^MariaDB /);
  });

  it('verifying the certificate: a self-signed one fails at the tls stage, saying what to paste', async () => {
    const result = await driver.test(params(true, { verifyServerCertificate: true }), 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'TLS_FAILED',
      message: 'The server’s certificate is not signed by a CA Sluice trusts',
    });
    expect(result.hint).toContain('CA certificate');
    expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
  });

  it('verifying the certificate against the pasted CA: it passes', async () => {
    const result = await driver.test(
      params(true, { verifyServerCertificate: true, caCertificate: server.certificate }),
      5000,
    );
    expect(result).toMatchObject({ success: true, errorCode: null });
  });

  it('reads the schema through a verified connection too', async () => {
    const objects = await driver.introspect(
      params(true, { verifyServerCertificate: true, caCertificate: server.certificate }),
      { timeoutMs: 5000 },
    );
    expect(objects.map((o) => `${o.schemaName}.${o.name}`)).toEqual(['shop.orders']);
    await expect(
      driver.introspect(params(true, { verifyServerCertificate: true }), { timeoutMs: 5000 }),
    ).rejects.toMatchObject({ failure: { errorCode: 'TLS_FAILED' }, transient: false });
  });
});
