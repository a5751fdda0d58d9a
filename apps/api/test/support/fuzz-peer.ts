import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { expect, inject } from 'vitest';
import { freePort } from './free-port';

/**
 * A peer that speaks a protocol for `steps.length` turns and then says something malformed:
 * `greeting` is sent on accept (protocols where the server speaks first), then each chunk the
 * client sends is answered with the next step. Counts open sockets from the server's side.
 */
export interface ScriptedPeer {
  port: number;
  accepted(): number;
  openSockets(): number;
  close(): Promise<void>;
}

export interface PeerScript {
  greeting?: Buffer;
  steps: Buffer[];
  /** Over TLS with the certificate the test workers trust (the warehouses' HTTPS). */
  tls?: boolean;
}

export async function startScriptedPeer(script: PeerScript): Promise<ScriptedPeer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const onSocket = (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let step = 0;
    if (script.greeting) socket.write(script.greeting);
    socket.on('data', () => {
      const answer = script.steps[step];
      step += 1;
      if (answer && !socket.destroyed) socket.write(answer);
    });
  };
  let server: Server;
  if (script.tls) {
    const tls = inject('trustedTls');
    server = createTlsServer(
      { cert: readFileSync(tls.cert), key: readFileSync(tls.key) },
      onSocket,
    );
  } else {
    server = createServer(onSocket);
  }
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    accepted: () => accepted,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Waits until the peer sees no open socket, or `withinMs` has passed; returns what is still open. */
export async function socketsLeftOpen(peer: { openSockets(): number }, withinMs = 1500) {
  const until = Date.now() + withinMs;
  while (peer.openSockets() > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return peer.openSockets();
}

/**
 * Runs `check` against a started peer, then asks the peer itself that every socket the client
 * opened was closed, and stops the peer on every path.
 */
export async function withPeer<P extends { openSockets(): number; close(): Promise<void> }>(
  started: Promise<P>,
  check: (peer: P) => Promise<void>,
): Promise<void> {
  const peer = await started;
  try {
    await check(peer);
    expect(await socketsLeftOpen(peer)).toBe(0);
  } finally {
    await peer.close();
  }
}
