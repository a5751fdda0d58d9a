import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type { Role } from '@sluice/contracts';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createLogger } from '../../src/common/logger';
import { createPool } from '../../src/db/database';
import { prepareDatabase } from '../../src/server';
import { createApp } from '../../src/app';
import { createTestDatabase, dropTestDatabase } from './databases';

export const TEST_ADMIN = { email: 'admin@test.sluice', password: 'admin-password-123' };
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  pool: Pool;
  databaseName: string;
  /** Every log line written while the app ran, as raw JSON text. */
  logs: string[];
  request(
    method: Method,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply>;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Creates a user of the role through the API and returns a token for it. */
  userWithRole(role: Role): Promise<{ id: string; email: string; password: string; token: string }>;
  close(): Promise<void>;
}

let counter = 0;
export const unique = (prefix: string) =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sluice-test-data-')),
    DATABASE_URL: database.url,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'trace',
    // Schema syncs are queued but not run unless a test asks for workers (SLUICE_ROLE=all).
    SLUICE_ROLE: 'api',
    // Scheduled syncs do not run unless a test asks for them.
    SCHEDULES_ENABLED: 'false',
    ...env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, pretty: false, destination });
  const pool = createPool(database.url);
  await prepareDatabase(pool, config, logger);
  const app = await createApp({ config, pool, logger });
  await app.getHttpAdapter().getInstance().ready();

  // Every secret a test sends is remembered; close() fails the file if any reached a log line.
  const secrets = new Set<string>();
  const request: TestApp['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.token) secrets.add(options.token);
    collectSecrets(options.body, secrets);
    const response = await app.inject({
      method,
      url,
      headers,
      ...(options.body !== undefined && { payload: options.body as object }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      json: <T>() => JSON.parse(response.body) as T,
    };
  };

  const login = async (email: string, password: string) => {
    const response = await request('POST', '/api/auth/login', { body: { email, password } });
    if (response.status !== 200)
      throw new Error(`login failed for ${email}: ${response.status} ${response.body}`);
    return response.json<{ data: { accessToken: string } }>().data.accessToken;
  };

  let adminTokenCache: string | undefined;
  const adminToken = async () =>
    (adminTokenCache ??= await login(TEST_ADMIN.email, TEST_ADMIN.password));

  return {
    app,
    config,
    pool,
    databaseName: database.name,
    logs,
    request,
    login,
    adminToken,
    async userWithRole(role) {
      const email = `${unique(role)}@test.sluice`.toLowerCase();
      const password = `pw-${unique('secret')}`;
      const created = await request('POST', '/api/users', {
        token: await adminToken(),
        body: { email, name: `Test ${role}`, role, password },
      });
      if (created.status !== 201) throw new Error(`could not create ${role}: ${created.body}`);
      const id = created.json<{ data: { id: string } }>().data.id;
      return { id, email, password, token: await login(email, password) };
    },
    async close() {
      await app.close();
      await pool.end();
      await dropTestDatabase(database.name);
      const text = logs.join('\n');
      const leaked = [...secrets].filter((secret) => text.includes(secret));
      if (leaked.length > 0) {
        throw new Error(
          `${leaked.length} secret(s) a test sent reached the log: ${leaked.map((s) => s.slice(0, 3) + '…').join(', ')}`,
        );
      }
    },
  };
}

const SECRET_KEYS =
  /^(password|privateKey|privateKeyPassphrase|connectionString|writePassword|currentPassword|newPassword)$/;

/** The secret strings of a request body (long enough that a match is no coincidence). */
function collectSecrets(body: unknown, into: Set<string>): void {
  if (!body || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && SECRET_KEYS.test(key) && value.length >= 8) into.add(value);
    else if (typeof value === 'object') collectSecrets(value, into);
  }
}
