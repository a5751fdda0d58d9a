import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';

type Result = { data: TestResult };

describe('SQLite connections', () => {
  let t: TestApp;
  const root = mkdtempSync(join(tmpdir(), 'sluice-sqlite-root-'));
  const outside = mkdtempSync(join(tmpdir(), 'sluice-sqlite-outside-'));
  const test = async (databaseName: string) =>
    (
      await t.request('POST', '/api/connections/test', {
        token: await t.adminToken(),
        body: { dbType: 'sqlite', databaseName },
      })
    ).json<Result>().data;

  beforeAll(async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(
      'create table orders (id integer primary key, total real); insert into orders values (1, 9.5);',
    );
    const bytes = Buffer.from(db.export());
    db.close();
    writeFileSync(join(root, 'shop.db'), bytes);
    writeFileSync(join(outside, 'secret.db'), bytes);
    symlinkSync(join(outside, 'secret.db'), join(root, 'escape.db'));
    writeFileSync(join(root, 'notes.txt'), 'not a database');
    t = await createTestApp({ SQLITE_ROOT: root });
  });
  afterAll(() => t.close());

  it('opens a file under SQLITE_ROOT and reports the SQLite version, without changing the file', async () => {
    const before = createHash('sha256')
      .update(readFileSync(join(root, 'shop.db')))
      .digest('hex');
    const result = await test('shop.db');
    expect(result).toMatchObject({ success: true, privileges: { canWrite: false } });
    expect(result.serverVersion).toMatch(/^SQLite 3\.\d+/);
    expect(result.stages.map((s) => s.name)).toEqual(['resolve', 'connect', 'query']);
    expect(
      createHash('sha256')
        .update(readFileSync(join(root, 'shop.db')))
        .digest('hex'),
    ).toBe(before);
  });

  it('fails with DATABASE_NOT_FOUND for a missing file', async () => {
    expect(await test('missing.db')).toMatchObject({
      success: false,
      errorCode: 'DATABASE_NOT_FOUND',
    });
  });

  it.each(['../secret.db', '/etc/passwd', 'escape.db', `../${outside.split('/').pop()}/secret.db`])(
    'refuses %s, which leaves SQLITE_ROOT, with PERMISSION_DENIED',
    async (path) => {
      const result = await test(path);
      expect(result).toMatchObject({ success: false, errorCode: 'PERMISSION_DENIED' });
      expect(result.hint).toContain('SQLITE_ROOT');
    },
  );

  it('says a file that is not SQLite is not a database', async () => {
    expect(await test('notes.txt')).toMatchObject({
      success: false,
      errorCode: 'DRIVER_ERROR',
      message: '"notes.txt" is not an SQLite database',
    });
  });

  it('stores and tests a saved SQLite connection', async () => {
    const token = await t.adminToken();
    const created = await t.request('POST', '/api/connections?verify=true', {
      token,
      body: { name: 'Local shop', dbType: 'sqlite', databaseName: 'shop.db' },
    });
    expect(created.status).toBe(201);
    expect(created.json<{ data: { serverVersion: string } }>().data.serverVersion).toMatch(
      /^SQLite/,
    );
  });
});
