import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { selfSignedCertificate } from './certificate';
import { freePort } from './free-port';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';

export const hasMariadb = existsSync(MARIADBD) && existsSync(INSTALL_DB);

/** In CI nothing is skipped: a missing MariaDB fails the run. */
export function requireMariadb(): void {
  if (!hasMariadb && process.env['CI'])
    throw new Error(`${MARIADBD} is missing: .ci/run installs Debian's mariadb-server`);
  if (!hasMariadb)
    console.warn(
      'Skipping the MariaDB tests: mariadb-server is not installed (apt-get install mariadb-server).',
    );
}

export interface MariadbServer {
  host: string;
  port: number;
  admin: { username: string; password: string };
  readOnly: { username: string; password: string };
  /** The self-signed certificate (PEM) of a server started with `requireTls`. */
  certificate: string | null;
  stop(): Promise<void>;
}

/**
 * A private MariaDB on a free loopback port, with a read-write and a read-only user and a `shop`
 * database; with `requireTls`, a self-signed certificate and no unencrypted TCP client accepted.
 */
export async function startMariadb(options: { requireTls?: boolean } = {}): Promise<MariadbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-mariadb-'));
  const tls = options.requireTls ? selfSignedCertificate(dir) : undefined;
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const port = await freePort();
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  const install = spawnSync(
    INSTALL_DB,
    [`--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user],
    {
      encoding: 'utf8',
    },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  const server: ChildProcess = spawn(
    MARIADBD,
    [
      `--datadir=${datadir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-log-bin',
      `--pid-file=${join(dir, 'pid')}`,
      '--innodb-buffer-pool-size=32M',
      ...(tls
        ? [`--ssl-cert=${tls.cert}`, `--ssl-key=${tls.key}`, '--require-secure-transport=ON']
        : []),
      ...user,
    ],
    { stdio: 'ignore' },
  );
  const admin = { username: 'sluice_admin', password: 'admin-pw-1' };
  const readOnly = { username: 'sluice_reader', password: 'reader-pw-1' };
  for (let attempt = 0; ; attempt++) {
    try {
      const root = await createConnection({ socketPath: socket, user: 'root' });
      await root.query(`create database shop`);
      await root.query(`create table shop.orders (id int primary key, total decimal(10,2))`);
      await root.query(`create user '${admin.username}'@'%' identified by '${admin.password}'`);
      await root.query(`grant all privileges on *.* to '${admin.username}'@'%' with grant option`);
      await root.query(
        `create user '${readOnly.username}'@'%' identified by '${readOnly.password}'`,
      );
      await root.query(`grant select on shop.* to '${readOnly.username}'@'%'`);
      await root.end();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    admin,
    readOnly,
    certificate: tls ? readFileSync(tls.cert, 'utf8') : null,
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
