import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';

describe('network policy, through the API', () => {
  let t: TestApp;
  let listener: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    t = await createTestApp({ BLOCK_PRIVATE_NETWORKS: 'true' });
    port = await freePort();
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await t.close();
  });

  it.each([
    '127.0.0.1',
    '127.1',
    '2130706433',
    '0x7f.0.0.1',
    '0177.0.0.1',
    'localhost',
    'localhost.',
    '[::ffff:127.0.0.1]',
  ])(
    'refuses %s at once with BLOCKED_BY_POLICY, and no packet reaches the listener',
    async (host) => {
      const started = Date.now();
      const res = await t.request('POST', '/api/connections/test', {
        token: await t.adminToken(),
        body: { dbType: 'postgresql', host, port, username: 'x', password: 'y' },
      });
      const result = res.json<{ data: TestResult }>().data;
      expect(result).toMatchObject({ success: false, errorCode: 'BLOCKED_BY_POLICY' });
      expect(result.stages).toEqual([expect.objectContaining({ name: 'resolve', ok: false })]);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(connections).toBe(0);
    },
  );

  it('blocks a saved connection too', async () => {
    const token = await t.adminToken();
    const created = await t.request('POST', '/api/connections', {
      token,
      body: { name: unique('blocked'), dbType: 'mysql', host: '169.254.169.254', port: 3306 },
    });
    const id = created.json<{ data: { id: string } }>().data.id;
    const res = await t.request('POST', `/api/connections/${id}/test`, { token });
    expect(res.json<{ data: TestResult }>().data.errorCode).toBe('BLOCKED_BY_POLICY');
    expect(connections).toBe(0);
  });
});
