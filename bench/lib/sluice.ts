import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import {
  loadConfig,
  type AppConfig,
  createLogger,
  createPool,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
  prepareDatabase,
  createApp,
  tuneHeap,
} from '@sluice/api/internals';

export interface BenchSluice {
  app: NestFastifyApplication;
  baseUrl: string;
  pool: Pool;
  config: AppConfig;
  serverUrl: string;
  databaseUrl: string;
  token: string;
  stop(): Promise<void>;
}

/** The settings every bench process of Sluice shares (its workers too). */
export const BENCH_ENV = {
  NODE_ENV: 'test',
  ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-000000',
  ADMIN_EMAIL: 'bench@sluice.local',
  ADMIN_PASSWORD: 'bench-password-123',
  LOG_LEVEL: 'warn',
};

/** A real Sluice on a fresh embedded PostgreSQL, listening on a loopback port. */
export async function startBenchSluice(env: Record<string, string> = {}): Promise<BenchSluice> {
  // As `npm start` does, before the process allocates much (see tuneHeap).
  tuneHeap();
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const logger = createLogger({ level: 'warn', pretty: false });
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir,
    port: 54390,
    password: 'bench-password',
    logger,
  });
  const config = loadConfig({
    ...BENCH_ENV,
    DATA_DIR: dataDir,
    DATABASE_URL: embedded.url,
    ...env,
  });
  const pool = createPool(embedded.url);
  await prepareDatabase(pool, config, logger);
  const app = await createApp({ config, pool, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpAdapter().getInstance().server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_ENV.ADMIN_EMAIL, password: BENCH_ENV.ADMIN_PASSWORD }),
  });
  const token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
  return {
    app,
    baseUrl,
    pool,
    config,
    serverUrl: embedded.url.replace(/\/sluice$/, '/postgres'),
    databaseUrl: embedded.url,
    token,
    async stop() {
      await app.close();
      await pool.end();
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
