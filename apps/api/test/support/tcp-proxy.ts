import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A TCP proxy in front of a real server, for a target that fails the way networks fail:
 * - `refuse`: nothing listens on the port;
 * - `hold`: connections are accepted and never answered;
 * - `forward`: bytes go through both ways;
 * - `cut`: bytes go through until the server has sent `cutAfterBytes`, then both sides drop.
 */
export type ProxyMode = 'refuse' | 'hold' | 'forward' | 'cut';

export interface TcpProxy {
  port: number;
  /** Connections the proxy accepted, in any mode. */
  accepted(): number;
  /** Bytes the server sent through the proxy, in all connections so far. */
  serverBytes(): number;
  setMode(mode: ProxyMode, cutAfterBytes?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, mode: ProxyMode): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let current = mode;
  let cutAfter = 0;
  let accepted = 0;
  let serverBytes = 0;
  let server: Server | undefined;

  const handle = (client: Socket) => {
    accepted += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (current === 'hold') {
      client.resume();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    let sent = 0;
    const limit = current === 'cut' ? cutAfter : Infinity;
    upstream.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      serverBytes += chunk.length;
      if (sent > limit) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
  };

  const listen = async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  };
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    const closing = server;
    server = undefined;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  if (mode !== 'refuse') await listen();
  return {
    port,
    accepted: () => accepted,
    serverBytes: () => serverBytes,
    async setMode(next, cutAfterBytes = 0) {
      cutAfter = cutAfterBytes;
      current = next;
      if (next === 'refuse') await stop();
      else if (!server) await listen();
    },
    close: stop,
  };
}
