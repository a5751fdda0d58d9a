import { createHash } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';

import type { SshTunnelParams, TestFailure } from '../core/types';
import {
  classifySsh,
  forwardRefused,
  forwardTimeout,
  hostKeyMismatch,
  sshTimeout,
  unreadableKey,
} from './ssh-failures';

/** ssh2, loaded by the first tunnel: a thread that opens none never pays for it (~50 ms). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ssh2 = () => require('ssh2') as typeof import('ssh2');

/** `ssh-keygen -lf`'s fingerprint of a host key blob. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

const LOOPBACK = '127.0.0.1';
/** How long a tunnel whose last connection closed waits for another (a cancel, a reconnect). */
const LINGER_MS = 2000;

/** Local ports of this thread's open tunnels: the thread guard lets the drivers connect there. */
const localPorts = new Set<number>();
const open = new Set<SshTunnel>();

export function isTunnelPort(address: string, port: number): boolean {
  return address === LOOPBACK && localPorts.has(port);
}

/** Tunnels open in this thread (each with its SSH connection and local listener). */
export const openTunnelCount = (): number => open.size;

/** Closes every tunnel this thread still has open: a job's last step, whatever happened. */
export function closeAllTunnels(): void {
  for (const tunnel of [...open]) tunnel.close();
}

export class TunnelFailure extends Error {
  constructor(readonly failure: TestFailure) {
    super(failure.message);
  }
}

/**
 * One SSH connection to a bastion and a listener on 127.0.0.1 whose every connection is a channel
 * the bastion opens to the database (`direct-tcpip`): what a driver that takes a host and port
 * connects to. Everything it opened (the SSH connection, channels, local sockets, the listener)
 * is closed by `close()`, which is also what the deadline and a failure call.
 */
export class SshTunnel {
  /** The host key the bastion showed, whether or not it matched. */
  hostKey: string | null = null;
  /** The TCP connection to the bastion was accepted. */
  tcpConnected = false;
  port = 0;
  private readonly client: Client = new (ssh2().Client)();
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly channels = new Set<ClientChannel>();
  private spare: ClientChannel | null = null;
  private forwardError: unknown = null;
  private pendingForwards = 0;
  private keyRefused = false;
  private linger: NodeJS.Timeout | undefined;
  private closed = false;
  readonly target: string;

  constructor(
    readonly params: SshTunnelParams,
    private readonly dbHost: string,
    private readonly dbPort: number,
    private readonly options: { closeWhenIdle: boolean },
  ) {
    this.target = `${dbHost}:${dbPort}`;
    this.client.on('error', () => undefined);
    open.add(this);
  }

  /**
   * Connects to the bastion's checked address: resolves when the key exchange is done and the
   * host key was accepted (`handshake`); `signedIn` when authentication has passed.
   */
  start(address: string): { handshake: Promise<void>; signedIn: Promise<void> } {
    const key = this.privateKey();
    const sock = connect({ host: address, port: this.params.port });
    sock.once('connect', () => (this.tcpConnected = true));
    const failed = new Promise<never>((_, reject) =>
      this.client.once('error', (error) => reject(this.failureOf(error))),
    );
    failed.catch(() => undefined);
    const handshake = Promise.race([once(this.client, 'handshake'), failed]);
    const signedIn = Promise.race([once(this.client, 'ready'), failed]);
    signedIn.catch(() => undefined);
    const config: ConnectConfig = {
      sock,
      username: this.params.username,
      ...(this.params.authMethod === 'key'
        ? {
            privateKey: key ?? '',
            ...(this.params.passphrase && { passphrase: this.params.passphrase }),
          }
        : { password: this.params.password ?? '' }),
      tryKeyboard: false,
      readyTimeout: 0, // the caller's deadline rules
      keepaliveInterval: 15_000,
      hostVerifier: (hostKey: Buffer) => {
        this.hostKey = fingerprintOf(hostKey);
        const pinned = this.params.hostKeyFingerprint;
        this.keyRefused = pinned !== null && pinned !== this.hostKey;
        return !this.keyRefused;
      },
    };
    this.client.connect(config);
    return { handshake, signedIn };
  }

  /** The key, checked before anything is sent: a wrong passphrase is said as such. */
  private privateKey(): string | null {
    if (this.params.authMethod !== 'key') return null;
    const key = this.params.privateKey ?? '';
    const parsed = ssh2().utils.parseKey(key, this.params.passphrase ?? undefined);
    if (parsed instanceof Error)
      throw new TunnelFailure(unreadableKey(this.params, parsed.message));
    return key;
  }

  /** A failure of the SSH connection, as a person reads it. */
  failureOf(error: unknown, deadlineMs = 0): TunnelFailure {
    if (error instanceof TunnelFailure) return error;
    if (this.keyRefused && this.hostKey)
      return new TunnelFailure(hostKeyMismatch(this.params, this.hostKey));
    return new TunnelFailure(classifySsh(error, this.params, deadlineMs));
  }

  /** What the tunnel knows of a driver's failure: a refused or pending channel, or nothing. */
  failure(deadlineMs: number): TestFailure | null {
    if (this.forwardError) return forwardRefused(this.params, this.target, this.forwardError);
    if (this.pendingForwards > 0) return forwardTimeout(this.params, this.target, deadlineMs);
    return null;
  }

  timeout(deadlineMs: number): TestFailure {
    return sshTimeout(this.params, deadlineMs, this.tcpConnected);
  }

  /** Opens the first channel to the database now, so that the connect stage is the bastion's. */
  async openFirstChannel(): Promise<void> {
    this.spare = await this.forward();
  }

  /** Listens on 127.0.0.1; each connection gets the first channel, then one of its own. */
  async listen(): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    this.port = (server.address() as { port: number }).port;
    localPorts.add(this.port);
    return this.port;
  }

  private forward(): Promise<ClientChannel> {
    this.pendingForwards++;
    return new Promise<ClientChannel>((resolve, reject) => {
      this.client.forwardOut(LOOPBACK, 0, this.dbHost, this.dbPort, (error, channel) => {
        this.pendingForwards--;
        if (error) {
          this.forwardError = error;
          return reject(new TunnelFailure(forwardRefused(this.params, this.target, error)));
        }
        if (this.closed) {
          channel.close();
          return reject(new Error('The tunnel is closed'));
        }
        this.channels.add(channel);
        channel.on('close', () => this.channels.delete(channel));
        resolve(channel);
      });
    });
  }

  /** A tunnel opened for a session that never connects within `ms` is closed. */
  closeUnlessUsedWithin(ms: number): void {
    this.linger = setTimeout(() => this.close(), ms);
  }

  private accept(socket: Socket): void {
    if (this.closed || socket.remoteAddress !== LOOPBACK) return void socket.destroy();
    clearTimeout(this.linger);
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.options.closeWhenIdle && this.sockets.size === 0)
        this.linger = setTimeout(() => this.close(), LINGER_MS);
    });
    const spare = this.spare;
    this.spare = null;
    (spare ? Promise.resolve(spare) : this.forward()).then(
      (channel) => {
        if (socket.destroyed) return void channel.close();
        channel.once('close', () => socket.destroy());
        socket.once('close', () => channel.close());
        socket.pipe(channel).pipe(socket);
      },
      () => socket.destroy(),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.linger);
    open.delete(this);
    if (this.port) localPorts.delete(this.port);
    this.spare?.close();
    for (const channel of this.channels) channel.close();
    for (const socket of this.sockets) socket.destroy();
    this.server?.close();
    this.client.end();
    this.client.destroy();
  }
}

function once(emitter: Client, event: 'handshake' | 'ready'): Promise<void> {
  return new Promise((resolve) => (emitter as NodeJS.EventEmitter).once(event, () => resolve()));
}
