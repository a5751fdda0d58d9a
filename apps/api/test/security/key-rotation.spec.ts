import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TestResult } from '@sluice/contracts';
import { loadConfig } from '../../src/config/config';
import { EncryptionService } from '../../src/common/encryption.service';
import { createDatabase } from '../../src/db/database';
import { ConnectionsRepository } from '../../src/connections/connections.repository';
import { rotateKeys } from '../../src/connections/key-rotation';
import { createTestApp, TEST_ENCRYPTION_KEY, unique, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';
import { childEnv } from '../support/child-env';

const NEW_KEY = randomBytes(32).toString('base64');

describe('key rotation', () => {
  let t: TestApp;
  let admin: string;
  let broken: string;
  let working: string;
  const rotated = () =>
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://unused/x',
      JWT_SECRET: 'j'.repeat(40),
      ENCRYPTION_KEYS: `k2:${NEW_KEY},${TEST_ENCRYPTION_KEY}`,
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    const create = async (body: Record<string, unknown>) =>
      (
        await t.request('POST', '/api/connections', {
          token: admin,
          body: { name: unique('rot'), ...body },
        })
      ).json<{ data: Connection }>().data.id;
    working = await create({ ...postgresTarget() });
    const withWrite = await t.request('PUT', `/api/connections/${working}/write-credential`, {
      token: admin,
      body: { writeUsername: 'writer', writePassword: 'write-secret-1' },
    });
    expect(withWrite.status).toBe(200);
    await create({ dbType: 'mysql', host: 'db', port: 3306, password: 'second-secret' });
    broken = await create({ dbType: 'mysql', host: 'db', port: 3306, password: 'third-secret' });
    await create({ dbType: 'mysql', host: 'db', port: 3306 });
    const stored = await t.pool.query<{ c: string }>(
      'select encrypted_credential as c from data_connections where id = $1',
      [broken],
    );
    const parts = stored.rows[0]!.c.split(':');
    parts[4] = Buffer.from('tampered!').toString('base64');
    await t.pool.query('update data_connections set encrypted_credential = $1 where id = $2', [
      parts.join(':'),
      broken,
    ]);
  });
  afterAll(() => t.close());

  it('reads ENCRYPTION_KEYS: the first key is current, the others still decrypt', () => {
    const config = rotated();
    expect(config.encryption.keyId).toBe('k2');
    // Each key by its id and by its fingerprint (k2's fingerprint, and the old key's, its only id).
    expect(config.encryption.keyring.size).toBe(3);
  });

  it('re-encrypts every readable credential with the current key, reporting the unreadable one by id', async () => {
    const encryption = new EncryptionService(rotated());
    const repository = new ConnectionsRepository(createDatabase(t.pool));
    const first = await rotateKeys(repository, encryption, 2);
    // Two read credentials and one write credential.
    expect(first).toEqual({
      reencrypted: 3,
      skipped: 0,
      failed: [{ id: broken, reason: expect.stringMatching(/tampered/) as string }],
    });
    const rows = await t.pool.query<{ id: string; c: string }>(
      'select id, encrypted_credential as c from data_connections where encrypted_credential is not null',
    );
    for (const row of rows.rows.filter((r) => r.id !== broken)) {
      expect(row.c.startsWith('v1:k2:')).toBe(true);
      expect(encryption.decrypt(row.c)).toMatch(/password/);
    }
    const written = await t.pool.query<{ c: string }>(
      'select encrypted_write_credential as c from data_connections where id = $1',
      [working],
    );
    expect(written.rows[0]!.c.startsWith('v1:k2:')).toBe(true);
    expect(encryption.decrypt(written.rows[0]!.c)).toContain('write-secret-1');
    const second = await rotateKeys(repository, encryption, 2);
    expect(second).toMatchObject({ reencrypted: 0, skipped: 3, failed: [{ id: broken }] });
  });

  it('runs as a command and prints its counts', () => {
    const result = spawnSync(
      resolve(__dirname, '../../../../node_modules/.bin/tsx'),
      ['src/cli/rotate-keys.ts'],
      {
        cwd: resolve(__dirname, '../..'),
        env: childEnv({
          DATABASE_URL: t.pool.options.connectionString ?? '',
          ENCRYPTION_KEYS: `k2:${NEW_KEY},${TEST_ENCRYPTION_KEY}`,
          JWT_SECRET: 'j'.repeat(40),
        }),
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.stdout).toContain('Key k2: 0 re-encrypted, 3 skipped, 1 failed');
    expect(result.stdout).toContain(`failed ${broken}`);
    expect(result.status).toBe(2);
  });

  it('never lets an unreadable credential crash a list, and says so on a test', async () => {
    const list = await t.request('GET', '/api/connections?pageSize=100', { token: admin });
    expect(list.status).toBe(200);
    expect(list.json<{ data: { total: number } }>().data.total).toBe(4);
    // This server only has the old key now: the rotated credential is unreadable to it, not fatal.
    const res = await t.request('POST', `/api/connections/${working}/test`, { token: admin });
    expect(res.status).toBe(201);
    expect(res.json<{ data: TestResult }>().data).toMatchObject({
      success: false,
      message: 'The stored password cannot be decrypted with the configured encryption key',
    });
  });
});

describe('a server with the rotated keys', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('writes new credentials with the current key and tests with them', async () => {
    t = await createTestApp({ ENCRYPTION_KEYS: `k2:${NEW_KEY},${TEST_ENCRYPTION_KEY}` });
    const token = await t.adminToken();
    const created = await t.request('POST', '/api/connections', {
      token,
      body: { name: 'new', ...postgresTarget() },
    });
    const id = created.json<{ data: Connection }>().data.id;
    const stored = await t.pool.query<{ c: string }>(
      'select encrypted_credential as c from data_connections where id = $1',
      [id],
    );
    expect(stored.rows[0]!.c.startsWith('v1:k2:')).toBe(true);
    const test = await t.request('POST', `/api/connections/${id}/test`, { token });
    expect(test.json<{ data: TestResult }>().data.success).toBe(true);
  });
});
