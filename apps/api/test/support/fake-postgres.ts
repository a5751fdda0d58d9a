import { createServer, type Socket } from 'node:net';
import { freePort } from './free-port';

/** One backend message: a type byte, a length that counts itself, the body. */
export function pgMessage(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const cstring = (s: string) => Buffer.from(`${s}\0`, 'utf8');

export const PG = {
  authOk: () => pgMessage('R', int32(0)),
  cleartextRequest: () => pgMessage('R', int32(3)),
  ready: () => pgMessage('Z', Buffer.from('I')),
  parameter: (name: string, value: string) =>
    pgMessage('S', Buffer.concat([cstring(name), cstring(value)])),
  /** A RowDescription of text columns. */
  rowDescription: (names: string[]) =>
    pgMessage(
      'T',
      Buffer.concat([
        int16(names.length),
        ...names.map((n) =>
          Buffer.concat([
            cstring(n),
            int32(0),
            int16(0),
            int32(25),
            int16(-1),
            int32(-1),
            int16(0),
          ]),
        ),
      ]),
    ),
  dataRow: (values: string[]) =>
    pgMessage(
      'D',
      Buffer.concat([
        int16(values.length),
        ...values.map((v) => Buffer.concat([int32(Buffer.byteLength(v)), Buffer.from(v)])),
      ]),
    ),
  complete: (tag: string) => pgMessage('C', cstring(tag)),
};

/** A login that succeeds at once: what a trusting server sends after the startup message. */
export const PG_LOGIN_OK = Buffer.concat([
  PG.authOk(),
  PG.parameter('server_version', '16.0'),
  PG.parameter('client_encoding', 'UTF8'),
  PG.ready(),
]);

export interface FakePostgresScript {
  /** Sent after the startup message (default: a login that succeeds). */
  afterStartup?: Buffer;
  /** Sent after a password message (default: a login that succeeds). */
  afterPassword?: Buffer;
  /** Answers each simple query (default: nothing). */
  onQuery?: (socket: Socket, sql: string) => void;
}

export interface FakePostgres {
  port: number;
  /** The passwords clients sent in clear. */
  passwords(): string[];
  openSockets(): number;
  accepted(): number;
  close(): Promise<void>;
}

/**
 * A scripted PostgreSQL peer: it declines TLS, reads the startup message, and answers what
 * the script says at each step. Hostile scripts ask for a clear-text password, send malformed
 * messages or stream rows without end.
 */
export async function startFakePostgres(script: FakePostgresScript = {}): Promise<FakePostgres> {
  const passwords: string[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code === 80877103 || code === 80877104) {
            socket.write('N'); // no TLS, no GSS: the client goes on in clear
            continue;
          }
          started = true;
          socket.write(script.afterStartup ?? PG_LOGIN_OK);
          continue;
        }
        if (buffer.length < 5) return;
        const type = String.fromCharCode(buffer[0]!);
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const body = buffer.subarray(5, length + 1);
        buffer = buffer.subarray(length + 1);
        if (type === 'p') {
          passwords.push(body.subarray(0, body.indexOf(0)).toString('utf8'));
          if (!socket.destroyed) socket.write(script.afterPassword ?? PG_LOGIN_OK);
        } else if (type === 'Q') {
          script.onQuery?.(socket, body.subarray(0, body.indexOf(0)).toString('utf8'));
        } else if (type === 'X') {
          socket.end();
        }
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    passwords: () => [...passwords],
    openSockets: () => sockets.size,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
