import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { createLogger } from './common/logger';
import { createDatabase, createPool } from './db/database';
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
import { applyMigrations } from './db/migrate';
import { seed } from './db/seed';
import { createApp } from './app';

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

export async function startSluice(config: AppConfig = loadConfig()): Promise<RunningSluice> {
  const logger = createLogger({ level: config.logLevel, pretty: !config.isProduction });
  config.warnings.forEach((warning) => logger.warn(warning));
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl && config.role === 'worker') {
    // A worker beside `npm start` shares the embedded server the API process runs.
    return startWorker(config, embeddedUrl(config.embeddedDb), logger);
  }
  if (config.databaseUrl && config.role === 'worker') {
    return startWorker(config, config.databaseUrl, logger);
  }
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      ...config.embeddedDb,
      logger,
    });
  }
  const pool = createPool(config.databaseUrl ?? embedded!.url);
  await prepareDatabase(pool, config, logger);
  const app = await createApp({ config, pool, logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpAdapter().getInstance().server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url }, `Sluice is ready at ${url}`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await pool.end();
      await embedded?.stop();
      logger.info('Sluice stopped');
    })());
  return { app, url, stop };
}

/** A worker-only process: the same application, its schema-sync workers, and no HTTP port. */
async function startWorker(config: AppConfig, url: string, logger: Logger): Promise<RunningSluice> {
  const pool = createPool(url);
  try {
    await pool.query('select 1');
  } catch {
    await pool.end();
    throw new ConfigError(
      'Invalid configuration: the worker cannot reach the metadata database: start Sluice (npm start) first, or set DATABASE_URL',
    );
  }
  await prepareDatabase(pool, config, logger);
  const app = await createApp({ config, pool, logger });
  logger.info('Sluice worker is running schema syncs');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await pool.end();
      logger.info('Sluice worker stopped');
    })());
  return { app, url: '', stop };
}
