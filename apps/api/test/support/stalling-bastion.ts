import { Server, utils } from 'ssh2';
import { freePort } from './free-port';

export interface StallingBastion {
  port: number;
  /** TCP connections still open on it, from its side. */
  openSockets(): number;
  /** Channels to a database it was asked for (and never opened nor refused). */
  channelsAsked(): number;
  close(): Promise<void>;
}

/**
 * A hostile SSH peer (ssh2's server): it signs anyone in, then leaves every request for a
 * forwarded channel unanswered, as a bastion whose route to the database hangs would.
 */
export async function startStallingBastion(): Promise<StallingBastion> {
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  let open = 0;
  let asked = 0;
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    open += 1;
    client.on('error', () => undefined);
    client.on('close', () => (open -= 1));
    client.on('authentication', (context) => context.accept());
    client.on('tcpip', () => {
      asked += 1; // neither accept() nor reject(): the channel stays pending
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    openSockets: () => open,
    channelsAsked: () => asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
