import { connect, createServer, type NetConnectOpts, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkPolicy } from '../../network/network-policy';
import { guardThread } from './thread-guards';

/** The error a connection attempt ends with, or 'connected'. */
function attempt(options: NetConnectOpts): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(options);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

// This file runs in a process of its own: the patch guards it as it guards a driver thread.
describe('guardThread: every socket of a driver thread goes through the network policy', () => {
  let blockedServer: Server;
  let openServer: Server;
  let accepted = 0;
  let blockedPort = 0;
  let openPort = 0;
  beforeAll(async () => {
    blockedServer = createServer((s) => {
      accepted += 1;
      s.destroy();
    });
    openServer = createServer((s) => s.destroy());
    await new Promise<void>((r) => blockedServer.listen(0, '127.0.0.2', r));
    await new Promise<void>((r) => openServer.listen(0, '127.0.0.3', r));
    blockedPort = (blockedServer.address() as { port: number }).port;
    openPort = (openServer.address() as { port: number }).port;
    guardThread(
      new NetworkPolicy({
        network: {
          blocked: ['127.0.0.1/32', '127.0.0.2/32', '::1/128'],
          allowed: [],
          blockPrivate: false,
        },
      }),
    );
  });
  afterAll(async () => {
    await new Promise((r) => blockedServer.close(r));
    await new Promise((r) => openServer.close(r));
  });

  it('refuses a blocked address, in every call form, before any packet leaves', async () => {
    expect(await attempt({ host: '127.0.0.2', port: blockedPort })).toBe('EBLOCKEDBYPOLICY');
    expect(await attempt({ host: '::ffff:127.0.0.2', port: blockedPort })).toBe('EBLOCKEDBYPOLICY');
    const legacy = await new Promise<string>((resolve) =>
      connect(blockedPort, '127.0.0.2').once('error', (e: NodeJS.ErrnoException) =>
        resolve(e.code ?? ''),
      ),
    );
    expect(legacy).toBe('EBLOCKEDBYPOLICY');
    expect(accepted).toBe(0);
  });

  it('refuses a name that resolves to a blocked address, and a local socket path', async () => {
    expect(await attempt({ host: 'localhost', port: blockedPort })).toBe('EBLOCKEDBYPOLICY');
    expect(await attempt({ path: '/var/run/postgresql/.s.PGSQL.5432' })).toBe('EBLOCKEDBYPOLICY');
  });

  it('lets an allowed address through', async () => {
    expect(await attempt({ host: '127.0.0.3', port: openPort })).toBe('connected');
  });
});
