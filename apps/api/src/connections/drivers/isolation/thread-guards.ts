import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { ClientRequest, type IncomingMessage } from 'node:http';
import { isIP, Socket } from 'node:net';
import { BLOCKED_CODE, REDIRECT_CODE, type NetworkPolicy } from '../../network/network-policy';
import { isTunnelPort } from '../tunnel/ssh-tunnel';

function blocked(host: string, address: string): Error {
  return Object.assign(new Error(`Connections to ${host} are not allowed by the network policy`), {
    code: BLOCKED_CODE,
    host,
    address,
  });
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup that fails when any address of the name is one the policy refuses. */
function checkedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => !policy.permits(a.address));
      if (refused || addresses.length === 0)
        return callback(blocked(hostname, refused?.address ?? ''), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** What this guard reads and sets of Socket#connect's options. */
interface ConnectOptions {
  host?: string;
  port?: number;
  path?: string | null;
  lookup?: unknown;
}

/** The options of any of Socket#connect's call forms (a path is a local socket). */
function connectOptions(args: unknown[]): { options: ConnectOptions; rest: unknown[] } {
  const [first, ...rest] = args;
  if (Array.isArray(first)) return { options: first[0] as ConnectOptions, rest: first.slice(1) };
  if (first !== null && typeof first === 'object') return { options: first, rest };
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { options: { path: first }, rest };
  const host = typeof rest[0] === 'string' ? (rest.shift() as string) : 'localhost';
  return { options: { port: Number(first), host }, rest };
}

/**
 * In a driver thread, every TCP connection any library opens goes through the network policy:
 * a host name is resolved by a lookup that refuses blocked addresses (so a name cannot resolve
 * to another address after Sluice's check), an address is checked as it is, and local sockets
 * are refused. HTTP redirects are not followed. A thread runs one job, so the patch is its own.
 */
export function guardThread(policy: NetworkPolicy): void {
  const connect = Reflect.get(Socket.prototype, 'connect') as (...args: unknown[]) => Socket;
  Socket.prototype.connect = function guardedConnect(this: Socket, ...args: unknown[]) {
    const { options, rest } = connectOptions(args);
    const refuse = (host: string, address: string) => {
      process.nextTick(() => this.destroy(blocked(host, address)));
      return this;
    };
    // http.Agent passes `path: null` for TCP: only a real path is a local socket.
    if (typeof options.path === 'string') return refuse(options.path, options.path);
    const host = (options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      // The local end of this thread's own SSH tunnel: the bastion it leads to was checked.
      const tunnel = isTunnelPort(host, Number(options.port));
      if (!tunnel && !policy.permits(host)) return refuse(host, host);
    } else {
      options.lookup = checkedLookup(policy);
    }
    return connect.call(this, options, ...rest);
  };

  const emit = Reflect.get(ClientRequest.prototype, 'emit') as (
    this: ClientRequest,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  ClientRequest.prototype.emit = function guardedEmit(
    this: ClientRequest,
    event: string | symbol,
    ...args: unknown[]
  ) {
    const response = args[0] as IncomingMessage | undefined;
    const status = event === 'response' ? (response?.statusCode ?? 0) : 0;
    if (status >= 300 && status < 400 && response?.headers.location) {
      const location = response.headers.location;
      response.resume();
      this.destroy(
        Object.assign(
          new Error(`The server redirected to ${location}; Sluice does not follow redirects`),
          {
            code: REDIRECT_CODE,
            location,
          },
        ),
      );
      return true;
    }
    return emit.call(this, event, ...args);
  } as typeof ClientRequest.prototype.emit;
}
