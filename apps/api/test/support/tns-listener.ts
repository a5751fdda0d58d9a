import { createServer } from 'node:net';
import { freePort } from './free-port';

/**
 * An Oracle listener for tests, since no Oracle Database ships with Debian or npm: it reads the
 * client's TNS CONNECT packet, records its connect data, and answers with a real REFUSE packet
 * (type 4) carrying the listener's error, as a listener does for an unknown service (12514).
 */
export interface TnsListener {
  port: number;
  /** The connect descriptors clients sent. */
  connects: string[];
  openSockets(): number;
  close(): Promise<void>;
}

function refusePacket(error: number): Buffer {
  const data = Buffer.from(
    `(DESCRIPTION=(TMP=)(VSNNUM=0)(ERR=${error})(ERROR_STACK=(ERROR=(CODE=${error})(EMFI=4))))`,
    'ascii',
  );
  const packet = Buffer.alloc(12 + data.length);
  packet.writeUInt16BE(packet.length, 0); // length
  packet.writeUInt8(4, 4); // type: REFUSE
  packet.writeUInt8(1, 8); // user reason
  packet.writeUInt8(0, 9); // system reason
  packet.writeUInt16BE(data.length, 10);
  data.copy(packet, 12);
  return packet;
}

export async function startTnsListener(refuseWith = 12514): Promise<TnsListener> {
  const connects: string[] = [];
  let open = 0;
  const server = createServer((socket) => {
    open += 1;
    socket.on('close', () => (open -= 1));
    socket.on('error', () => undefined);
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // The connect data sits in the CONNECT packet or, when long, in the DATA packet after it.
      const text = received.toString('latin1');
      const start = text.indexOf('(DESCRIPTION=');
      if (start < 0 || !text.includes('(CONNECT_DATA=')) return;
      connects.push(text.slice(start).replace(/[^\x20-\x7e]/g, ''));
      socket.end(refusePacket(refuseWith));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    connects,
    openSockets: () => open,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
