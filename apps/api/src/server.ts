import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { createLogger } from './common/logger';
import { provisionAtStartup } from './provisioning/startup-provisioning';
import { createDatabase, createPool } from './db/database';
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
import { applyMigrations } from './db/migrate';
import { seed } from './db/seed';
import { createApp } from './app';
import { ping } from './db/database.repository';

export interface RunningSluice {
  app: NestFastifyApplication;
  url: string;
  stop(): Promise<void>;
}

/** Migrations and seed: what every start does before serving. */
export async function prepareDatabase(
  pool: Pool,
  config: AppConfig,
  logger: Logger,
): Promise<void> {
  const db = createDatabase(pool);
  await applyMigrations(pool);
  await seed(db, { adminEmail: config.admin.email, adminPassword: config.admin.password }, logger);
}

/**
 * Starts Sluice: the API and its schema-sync workers, or with SLUICE_ROLE=worker the workers
 * alone, without an HTTP port.
 */
export async function startSluice(config: AppConfig = loadConfig()): Promise<RunningSluice> {
  const logger = createLogger({ level: config.logLevel, pretty: !config.isProduction });
  config.warnings.forEach((warning) => logger.warn(warning));
  const workerOnly = config.role === 'worker';
  // A worker beside `npm start` shares the embedded server the API process runs: it starts none.
  const embedded: EmbeddedDatabase | undefined =
    config.databaseUrl || workerOnly
      ? undefined
      : await startEmbeddedPostgres({ dataDir: config.dataDir, ...config.embeddedDb, logger });
  const pool = createPool(config.databaseUrl ?? embedded?.url ?? embeddedUrl(config.embeddedDb));
  if (workerOnly) await mustReach(pool);
  await prepareDatabase(pool, config, logger);
  // A bad provisioning file stops the start with one line, like a bad setting.
  await provisionAtStartup(pool, config, logger).catch(async (error: unknown) => {
    await pool.end();
    await embedded?.stop();
    throw error;
  });
  const app = await createApp({ config, pool, logger });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await pool.end();
      await embedded?.stop();
      logger.info(workerOnly ? 'Sluice worker stopped' : 'Sluice stopped');
    })());
  if (workerOnly) {
    logger.info('Sluice worker is running schema syncs');
    return { app, url: '', stop };
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpAdapter().getInstance().server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url }, `Sluice is ready at ${url}`);
  return { app, url, stop };
}

/** A worker has no database of its own to start: one it cannot reach is a one-line error. */
async function mustReach(pool: Pool): Promise<void> {
  try {
    await ping(pool);
  } catch {
    await pool.end();
    throw new ConfigError(
      'Invalid configuration: the worker cannot reach the metadata database: start Sluice (npm start) first, or set DATABASE_URL',
    );
  }
}
