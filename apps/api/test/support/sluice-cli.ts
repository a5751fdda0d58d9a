import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { childEnv } from './child-env';
import { TEST_ENCRYPTION_KEY, type TestApp } from './test-app';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';

/** `npm run sluice -- …` (from source) against the test app's database, with `env` beside. */
export function sluiceCli(t: TestApp, env: Record<string, string>, ...args: string[]) {
  return spawnSync(
    resolve(__dirname, '../../../../node_modules/.bin/tsx'),
    ['src/cli/sluice.ts', ...args],
    {
      cwd: resolve(__dirname, '../..'),
      env: childEnv({
        DATABASE_URL: t.pool.options.connectionString ?? '',
        ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        JWT_SECRET: TEST_JWT_SECRET,
        ...env,
      }),
      encoding: 'utf8',
    },
  );
}
