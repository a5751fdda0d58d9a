import { createServer } from 'node:net';
import { freePort } from './free-port';

export interface SilentServer {
  port: number;
  /** Sockets a client left open on it. */
  openSockets(): number;
  /** How many connections it accepted in all. */
  accepted(): number;
  close(): Promise<void>;
}

/** Accepts connections, reads and discards (so it notices a client closing), never answers. */
export async function startSilentServer(): Promise<SilentServer> {
  let open = 0;
  let accepted = 0;
  const server = createServer((socket) => {
    open += 1;
    accepted += 1;
    socket.resume();
    socket.on('close', () => (open -= 1));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    openSockets: () => open,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
