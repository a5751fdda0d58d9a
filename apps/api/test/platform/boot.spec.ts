import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { startSluice } from '../../src/server';
import { freePort } from '../support/free-port';
import { childEnv } from '../support/child-env';

const apiDir = resolve(__dirname, '../..');
const tsx = resolve(apiDir, '../../node_modules/.bin/tsx');

describe('boot', () => {
  it('exits non-zero with one line naming ENCRYPTION_KEY when production lacks it', () => {
    const result = spawnSync(tsx, ['src/main.ts'], {
      cwd: apiDir,
      env: childEnv({
        NODE_ENV: 'production',
        JWT_SECRET: 'j'.repeat(40),
        DATABASE_URL: 'postgres://127.0.0.1:1/x',
      }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.includes('ExperimentalWarning'));
    expect(lines).toEqual([
      'Invalid configuration: ENCRYPTION_KEY is required when NODE_ENV=production (or ENCRYPTION_KEYS)',
    ]);
  });

  describe('with the embedded database', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-boot-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('keeps data, keys and sessions across a restart', async () => {
      const env = {
        DATA_DIR: dataDir,
        PORT: '0',
        EMBEDDED_DB_PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        ADMIN_PASSWORD: 'first-admin-password',
      };
      const first = await startSluice(loadConfig(env));
      const login = await first.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'admin@sluice.local', password: 'first-admin-password' },
      });
      expect(login.statusCode).toBe(200);
      const token = login.json<{ data: { accessToken: string } }>().data.accessToken;
      const created = await first.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          email: 'kept@sluice.local',
          name: 'Kept',
          role: 'viewer',
          password: 'kept-password-1',
        },
      });
      expect(created.statusCode).toBe(201);
      const secretsBefore = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
      await first.stop();

      const second = await startSluice(
        loadConfig({ ...env, ADMIN_PASSWORD: 'a-different-password' }),
      );
      try {
        expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toBe(secretsBefore);
        const users = await second.app.inject({
          method: 'GET',
          url: '/api/users',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(users.statusCode).toBe(200);
        const emails = users
          .json<{ data: { items: { email: string }[] } }>()
          .data.items.map((u) => u.email);
        expect(emails).toEqual(['admin@sluice.local', 'kept@sluice.local']);
      } finally {
        await second.stop();
      }
    }, 120_000);
  });

  describe('a Sluice that is killed outright (security finding 3)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-killed-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    const postmasterPid = () =>
      Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const waitFor = async (check: () => boolean | Promise<boolean>, ms: number) => {
      const until = Date.now() + ms;
      while (!(await check()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      return check();
    };

    it('takes its embedded PostgreSQL with it, and the next start works', async () => {
      const port = await freePort();
      // Node itself runs the script (tsx's CLI would put a wrapper process in between).
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/embedded-child.ts'], {
        cwd: apiDir,
        env: childEnv({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) }),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      expect(await waitFor(() => out.includes('ready'), 60_000)).toBe(true);
      const pid = postmasterPid();
      expect(alive(pid)).toBe(true);
      // SIGKILL: no exit hook runs, as after an out-of-memory abort.
      child.kill('SIGKILL');
      expect(await waitFor(() => !alive(pid), 15_000)).toBe(true);

      const again = await startEmbeddedPostgres({
        dataDir,
        port,
        password: 'child-password',
        logger: pino({ level: 'silent' }),
      });
      await again.stop();
    }, 120_000);
  });
});
