import { createServer, type Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A hostile MySQL server: it accepts any login, then answers every query with a LOCAL INFILE
 * request for `wantedFile`, the trick that makes careless clients send a local file. It records
 * every packet the client sends after such a request, and answers OK so the client goes on.
 */
export interface RogueMysqlServer {
  port: number;
  /** The payloads the client sent in answer to LOCAL INFILE requests. */
  infileReplies(): Buffer[];
  /** Every byte the client sent, for a search. */
  received(): Buffer;
  close(): Promise<void>;
}

const CAPABILITIES =
  0x1 | // LONG_PASSWORD
  0x4 | // LONG_FLAG
  0x8 | // CONNECT_WITH_DB
  0x80 | // LOCAL_FILES
  0x200 | // PROTOCOL_41
  0x2000 | // TRANSACTIONS
  0x8000 | // SECURE_CONNECTION
  0x20000 | // MULTI_RESULTS
  0x80000; // PLUGIN_AUTH

function packet(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence;
  return Buffer.concat([header, payload]);
}

function handshake(): Buffer {
  const caps = Buffer.alloc(4);
  caps.writeUInt32LE(CAPABILITIES);
  return Buffer.concat([
    Buffer.from([0x0a]),
    Buffer.from('5.7.99-rogue\0'),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from('abcdefgh'),
    Buffer.from([0]),
    caps.subarray(0, 2),
    Buffer.from([0x21, 0x02, 0x00]),
    caps.subarray(2, 4),
    Buffer.from([21]),
    Buffer.alloc(10),
    Buffer.from('ijklmnopqrst\0'),
    Buffer.from('mysql_native_password\0'),
  ]);
}

const OK = Buffer.from([0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]);

export async function startRogueMysql(wantedFile: string): Promise<RogueMysqlServer> {
  const replies: Buffer[] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let stage: 'login' | 'command' | 'infile' = 'login';
    socket.write(packet(0, handshake()));
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      buffered = Buffer.concat([buffered, data]);
      while (buffered.length >= 4) {
        const length = buffered.readUIntLE(0, 3);
        if (buffered.length < 4 + length) return;
        const sequence = buffered[3]!;
        const payload = buffered.subarray(4, 4 + length);
        buffered = buffered.subarray(4 + length);
        if (stage === 'login') {
          socket.write(packet(sequence + 1, OK));
          stage = 'command';
        } else if (stage === 'command') {
          if (payload[0] === 0x01) return void socket.end(); // COM_QUIT
          socket.write(
            packet(sequence + 1, Buffer.concat([Buffer.from([0xfb]), Buffer.from(wantedFile)])),
          );
          stage = 'infile';
        } else {
          replies.push(Buffer.from(payload));
          // The file ends with an empty packet: then the query is "done".
          if (length === 0) {
            socket.write(packet(sequence + 1, OK));
            stage = 'command';
          }
        }
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    infileReplies: () => replies,
    received: () => Buffer.concat(chunks),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
