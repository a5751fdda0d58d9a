import { Client } from 'pg';
import type { AppConfig } from '../config/config';
import { createLogger } from '../common/logger';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres';

/**
 * The database a command works on: DATABASE_URL, else the embedded PostgreSQL of a running
 * Sluice, else the embedded one started for the command (and stopped by the caller).
 */
export async function commandDatabase(
  config: AppConfig,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const url = `postgres://sluice:${encodeURIComponent(config.embeddedDb.password)}@127.0.0.1:${config.embeddedDb.port}/sluice`;
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url }; // the server is running: use its embedded PostgreSQL
  } catch {
    const logger = createLogger({ level: 'warn', pretty: false });
    const embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      ...config.embeddedDb,
      logger,
    });
    return { url: embedded.url, embedded };
  }
}
