import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../core/types';
import { DriverThreads } from './driver-thread';

const params = (port: number): ConnectionParams => ({
  dbType: 'postgresql',
  host: '127.0.0.1',
  port,
  databaseName: 'x',
  username: 'u',
  password: 'p',
  privateKey: null,
  privateKeyPassphrase: null,
  useSsl: false,
  options: {},
});

describe('DriverThreads', () => {
  const threads = new DriverThreads(
    { config: { network: { blocked: [], allowed: [], blockPrivate: false }, sqliteRoot: '/tmp' } },
    128,
  );
  let silent: Server;
  const open = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await threads.close();
    await new Promise((resolve) => silent.close(resolve));
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('gives a thread whose job left nothing open the next job', async () => {
    for (let i = 0; i < 6; i++) {
      const end = await threads.run({ op: 'test', params: params(1), deadlineMs: 2000 }, 4000);
      expect(end).toMatchObject({ kind: 'tested', result: { errorCode: 'CONNECTION_REFUSED' } });
      await settle();
    }
    // A few threads (the first, the spare, one more if a job came while another settled), not
    // one per job.
    expect(threads.started).toBeLessThanOrEqual(3);
  });

  it('ends a thread that outlived its deadline, which closes the socket it held', async () => {
    const before = threads.started;
    const port = (silent.address() as { port: number }).port;
    const end = await threads.run({ op: 'test', params: params(port), deadlineMs: 10_000 }, 500);
    expect(end).toEqual({ kind: 'killed' });
    await settle();
    expect(open.size).toBe(0);
    await threads.run({ op: 'test', params: params(1), deadlineMs: 2000 }, 4000);
    expect(threads.started).toBeGreaterThan(before);
  });
});
