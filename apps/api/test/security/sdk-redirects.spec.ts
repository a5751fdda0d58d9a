import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { freePort } from '../support/free-port';
import { createTestApp, type TestApp } from '../support/test-app';

const listen = async (server: Server, host: string) => {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return port;
};

/**
 * The warehouses' SDKs speak HTTPS to a host the network policy checked. A server that answers
 * with a redirect (to a metadata endpoint, a private address, plain HTTP) must not lead Sluice
 * anywhere: no redirect is followed, and no socket reaches an address the policy refuses.
 */
describe('HTTP redirects from a warehouse (security finding 5)', () => {
  let t: TestApp;
  let target: Server;
  let targetPort: number;
  let hits = 0;
  let redirector: Server;
  let redirectorPort: number;

  beforeAll(async () => {
    // 127.0.0.2 stands for a metadata or private address: blocked by this server's policy.
    t = await createTestApp({
      CONNECTION_TEST_TIMEOUT_MS: '4000',
      CONNECTION_BLOCKED_CIDRS: '127.0.0.2/32',
    });
    target = createHttpServer((_, res) => res.end('{}'));
    target.on('connection', () => (hits += 1));
    targetPort = await listen(target, '127.0.0.2');
    const tls = inject('trustedTls');
    redirector = createHttpsServer(
      { cert: readFileSync(tls.cert), key: readFileSync(tls.key) },
      (_, res) => {
        res.writeHead(302, { location: `http://127.0.0.2:${targetPort}/latest/meta-data/` });
        res.end();
      },
    );
    redirectorPort = await listen(redirector, '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
    target.closeAllConnections();
    redirector.closeAllConnections();
    await new Promise((r) => target.close(r));
    await new Promise((r) => redirector.close(r));
  });

  const test = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/connections/test', {
      token: await t.adminToken(),
      body: { host: '127.0.0.1', port: redirectorPort, password: 'never-follows', ...body },
    });
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: TestResult }>().data;
  };

  it.each([
    ['Snowflake', { dbType: 'snowflake', username: 'ANN', options: { account: 'xy1' } }],
    ['Databricks', { dbType: 'databricks', options: { httpPath: '/sql/1.0/warehouses/x' } }],
  ])('%s: a redirect to a blocked address is not followed', async (_, body) => {
    const result = await test(body);
    expect(result.success).toBe(false);
    expect(hits).toBe(0);
  });

  it('says so: Databricks reads the refused redirect as the policy refusing it', async () => {
    const result = await test({
      dbType: 'databricks',
      options: { httpPath: '/sql/1.0/warehouses/x' },
    });
    expect(result).toMatchObject({ success: false, errorCode: 'BLOCKED_BY_POLICY' });
    expect(result.message).toContain('Sluice does not follow redirects');
    expect(hits).toBe(0);
  });
});
