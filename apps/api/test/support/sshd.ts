import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const SSHD = '/usr/sbin/sshd';
const KEYGEN = '/usr/bin/ssh-keygen';

export const hasSshd = existsSync(SSHD) && existsSync(KEYGEN) && process.getuid?.() === 0;

/** In CI nothing is skipped: a missing sshd (or not running as root) fails the run. */
export function requireSshd(): void {
  if (!hasSshd && process.env['CI'])
    throw new Error(
      `${SSHD} is missing or the tests do not run as root: .ci/run installs openssh-server`,
    );
  if (!hasSshd)
    console.warn('Skipping the SSH tunnel tests: openssh-server is not installed, or not root.');
}

export interface ClientKey {
  /** The private key file's text, as a user pastes it. */
  privateKey: string;
  passphrase: string | null;
}

export interface Bastion {
  host: string;
  port: number;
  username: string;
  password: string;
  keys: { ed25519: ClientKey; ecdsa: ClientKey; rsaPem: ClientKey; unknown: ClientKey };
  /** The host key's fingerprint as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** SSH connections the bastion holds open now (ESTABLISHED on its port), seen from its side. */
  openSessions(): number;
  /** Starts again with a new host key (a reinstalled bastion): its new fingerprint. */
  rotateHostKey(): Promise<string>;
  stop(): Promise<void>;
}

let users = 0;

function keygen(file: string, type: string, passphrase = '', extra: string[] = []): ClientKey {
  execFileSync(KEYGEN, [
    '-q',
    '-t',
    type,
    '-N',
    passphrase,
    '-C',
    'sluice-test',
    ...extra,
    '-f',
    file,
  ]);
  return { privateKey: readFileSync(file, 'utf8'), passphrase: passphrase || null };
}

function fingerprintOf(publicKeyFile: string): string {
  const printed = execFileSync(KEYGEN, ['-lf', publicKeyFile], { encoding: 'utf8' });
  return printed.split(' ')[1]!;
}

/** ESTABLISHED TCP connections whose local end is `port`, read from /proc (the server's side). */
export function establishedOn(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === '01') count++;
    }
  }
  return count;
}

/**
 * Debian's real OpenSSH server on `host` (127.0.0.2 by default, so a network policy can allow
 * the bastion while the databases on 127.0.0.1 stay blocked), with generated host keys and a
 * forwarding-only user who signs in with a password or one of its keys (Ed25519, ECDSA, and a
 * PEM RSA key with a passphrase). `forwarding: false` makes it refuse every channel.
 */
export async function startBastion(
  options: { host?: string; forwarding?: boolean } = {},
): Promise<Bastion> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sshd-'));
  chmodSync(dir, 0o755);
  mkdirSync('/run/sshd', { recursive: true });
  const host = options.host ?? '127.0.0.2';
  const port = await freePort();
  const username = `sluicetun${process.pid % 10000}${users++}`;
  const password = 'bastion-pass-4411';
  spawnSync('userdel', ['-f', username]);
  execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', username]);
  execFileSync('chpasswd', { input: `${username}:${password}\n` });
  const keys = {
    ed25519: keygen(join(dir, 'id_ed25519'), 'ed25519'),
    ecdsa: keygen(join(dir, 'id_ecdsa'), 'ecdsa'),
    rsaPem: keygen(join(dir, 'id_rsa'), 'rsa', 'rsa-secret-77', ['-m', 'PEM', '-b', '2048']),
    unknown: keygen(join(dir, 'id_other'), 'ed25519'),
  };
  const authorized = ['id_ed25519', 'id_ecdsa', 'id_rsa']
    .map((name) => readFileSync(join(dir, `${name}.pub`), 'utf8'))
    .join('');
  writeFileSync(join(dir, 'authorized_keys'), authorized, { mode: 0o644 });
  const config = join(dir, 'sshd_config');
  let hostKey = '';
  let child: ChildProcess | undefined;

  const start = async (): Promise<string> => {
    hostKey = join(dir, `host_${Date.now()}`);
    keygen(hostKey, 'ed25519');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        `ListenAddress ${host}`,
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        `AllowUsers ${username}`,
        `AllowTcpForwarding ${options.forwarding === false ? 'no' : 'yes'}`,
        'PermitTTY no',
        'X11Forwarding no',
        'MaxStartups 100',
        'LogLevel ERROR',
      ].join('\n') + '\n',
    );
    const started = spawn(SSHD, ['-D', '-e', '-f', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`sshd did not start: ${seen}`)), 10_000);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      started.once('exit', (code) => reject(new Error(`sshd exited with ${code}: ${seen}`)));
      started.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
      });
      // LogLevel ERROR says nothing when ready: poll the port instead.
      const poll = setInterval(() => {
        if (listening(port)) {
          clearInterval(poll);
          ready();
        }
      }, 50);
      timer.unref();
    });
    return fingerprintOf(`${hostKey}.pub`);
  };

  const stopChild = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // Sessions are children of the listener: stop the whole tree.
    spawnSync('pkill', ['-KILL', '-P', String(running.pid)]);
    running.kill('SIGKILL');
    await exited;
  };

  const bastion: Bastion = {
    host,
    port,
    username,
    password,
    keys,
    fingerprint: await start(),
    openSessions: () => establishedOn(port),
    rotateHostKey: async () => {
      await stopChild();
      bastion.fingerprint = await start();
      return bastion.fingerprint;
    },
    stop: async () => {
      await stopChild();
      spawnSync('pkill', ['-KILL', '-u', username]);
      spawnSync('userdel', ['-f', username]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bastion;
}

/** Whether something listens on `port` (any address), from /proc. */
function listening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some(
    (table) =>
      existsSync(table) &&
      readFileSync(table, 'utf8')
        .split('\n')
        .some((line) => {
          const fields = line.trim().split(/\s+/);
          return fields[1]?.endsWith(`:${hex}`) && fields[3] === '0A';
        }),
  );
}
