import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { createPool } from '../../src/db/database';
import type { AppConfig } from '../../src/config/config';
import type { TestApp } from './test-app';

/** A second Sluice process on the same database as `t`: another API, or another worker, or one configured otherwise. */
export async function startSecondApp(
  t: TestApp,
  overrides: Partial<AppConfig> = {},
): Promise<{ app: NestFastifyApplication; close(): Promise<void> }> {
  const pool = createPool(t.config.databaseUrl!);
  const app = await createApp({
    config: { ...t.config, ...overrides },
    pool,
    logger: createLogger({ level: 'silent', pretty: false }),
  });
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
