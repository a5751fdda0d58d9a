import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TestResult } from '@sluice/contracts';
import { decrypt } from '../../src/common/encryption.util';
import { PG, startFakePostgres, type FakePostgres } from '../support/fake-postgres';
import { createTestApp, TEST_ENCRYPTION_KEY, unique, type TestApp } from '../support/test-app';

type One = { data: Connection };
type Problem = { errors: { path: string; message: string }[] };
const STORED = 'stored-secret-Xy9-admin';

/** A fake PostgreSQL that asks for the password in clear and then answers the test's query. */
function harvester(): Promise<FakePostgres> {
  return startFakePostgres({
    afterStartup: PG.cleartextRequest(),
    onQuery: (socket) =>
      socket.write(
        Buffer.concat([
          PG.rowDescription(['version', 'superuser', 'a', 'b', 'c']),
          PG.dataRow(['PostgreSQL 16.0', 'f', 'f', 'f', 'f']),
          PG.complete('SELECT 1'),
          PG.ready(),
        ]),
      ),
  });
}

describe('a stored password is only sent to the server it was saved for', () => {
  let t: TestApp;
  let fake: FakePostgres;
  let contributor: string;

  beforeAll(async () => {
    t = await createTestApp({ CONNECTION_TEST_TIMEOUT_MS: '3000' });
    fake = await harvester();
    contributor = (await t.userWithRole('contributor')).token;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const saved = async () => {
    const res = await t.request('POST', '/api/connections', {
      token: await t.adminToken(),
      body: {
        name: unique('admin-db'),
        dbType: 'postgresql',
        host: 'db.internal.example',
        port: 5432,
        databaseName: 'prod',
        username: 'admin',
        password: STORED,
      },
    });
    expect(res.status, res.body).toBe(201);
    return res.json<One>().data;
  };
  const stored = async (id: string) =>
    (
      await t.pool.query<{ encrypted_credential: string | null }>(
        'select encrypted_credential from data_connections where id = $1',
        [id],
      )
    ).rows[0]!.encrypted_credential;
  const keyring = () => new Map([[t.config.encryption.keyId, t.config.encryption.key]]);
  /** A test of form values with the saved connection's stored password (none typed). */
  const testStored = (connectionId: string, target: Record<string, unknown>) =>
    t.request('POST', '/api/connections/test', {
      token: contributor,
      body: {
        connectionId,
        dbType: 'postgresql',
        databaseName: 'prod',
        username: 'admin',
        ...target,
      },
    });

  it('refuses a test of a saved connection against another host and port, naming the password', async () => {
    const connection = await saved();
    const res = await testStored(connection.id, { host: '127.0.0.1', port: fake.port });
    expect(res.status, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<Problem>().errors[0]).toMatchObject({ path: 'password' });
    expect(res.json<Problem>().errors[0]!.message).toContain('host, port');
    expect(fake.accepted()).toBe(0);
    expect(fake.passwords()).toEqual([]);
  });

  it('refuses an edit that moves a connection to another port or type without the password typed again, and changes nothing', async () => {
    const connection = await saved();
    for (const body of [
      { port: fake.port, host: '127.0.0.1' },
      { dbType: 'mysql', port: 3306 },
    ]) {
      const res = await t.request('PATCH', `/api/connections/${connection.id}`, {
        token: contributor,
        body,
      });
      expect(res.status, res.body).toBe(400);
      expect(res.json<Problem>().errors.map((e) => e.path)).toEqual(['password']);
    }
    const after = await t.request('GET', `/api/connections/${connection.id}`, {
      token: contributor,
    });
    expect(after.json<One>().data).toMatchObject({
      host: 'db.internal.example',
      port: 5432,
      version: 1,
    });
    expect(fake.accepted()).toBe(0);
  });

  it('keeps only the password typed with a move: nothing of the old credential follows it', async () => {
    const connection = await saved();
    const res = await t.request('PATCH', `/api/connections/${connection.id}`, {
      token: contributor,
      body: { host: 'db2.internal.example', password: 'typed-for-db2' },
    });
    expect(res.status, res.body).toBe(200);
    const credential = JSON.parse(decrypt((await stored(connection.id))!, keyring())) as Record<
      string,
      string
    >;
    expect(credential.password).toBe('typed-for-db2');
    expect(JSON.stringify(credential)).not.toContain(STORED);
  });

  it('still tests a saved connection with its stored password on the same endpoint', async () => {
    const connection = await saved();
    const res = await testStored(connection.id, {
      host: 'DB.internal.example',
      port: 5432,
      databaseName: 'other',
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json<{ data: TestResult }>().data.errorCode).not.toBeNull();
  });

  it('a stored credential moved in the database by hand is not used for its new endpoint', async () => {
    const connection = await saved();
    await t.pool.query('update data_connections set host = $2, port = $3 where id = $1', [
      connection.id,
      '127.0.0.1',
      fake.port,
    ]);
    const res = await t.request('POST', `/api/connections/${connection.id}/test`, {
      token: contributor,
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json<{ data: TestResult }>().data).toMatchObject({
      success: false,
      message: 'The stored password was saved for another server, so Sluice did not send it',
    });
    expect(fake.accepted()).toBe(0);
  });
});

describe('a server that asks for the password in clear', () => {
  let t: TestApp;
  let fake: FakePostgres;
  beforeAll(async () => {
    t = await createTestApp({ CONNECTION_TEST_TIMEOUT_MS: '3000' });
    fake = await harvester();
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  const target = (options: Record<string, unknown> = {}) => ({
    dbType: 'postgresql',
    host: '127.0.0.1',
    port: fake.port,
    databaseName: 'shop',
    username: 'app',
    password: 'typed-in-the-form',
    options,
  });

  it('gets no password over an unencrypted connection: INSECURE_AUTH with a hint', async () => {
    const res = await t.request('POST', '/api/connections/test', {
      token: await t.adminToken(),
      body: target(),
    });
    const result = res.json<{ data: TestResult }>().data;
    expect(result).toMatchObject({ success: false, errorCode: 'INSECURE_AUTH' });
    expect(result.hint).toContain('allowCleartextPassword');
    expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
    expect(fake.passwords()).toEqual([]);
  });

  it('gets it only where the connection allows clear-text passwords', async () => {
    const res = await t.request('POST', '/api/connections/test', {
      token: await t.adminToken(),
      body: target({ allowCleartextPassword: true }),
    });
    expect(res.status, t.logs.join('\n')).toBe(201);
    expect(res.json<{ data: TestResult }>().data).toMatchObject({ success: true });
    expect(fake.passwords()).toEqual(['typed-in-the-form']);
  });
});

void TEST_ENCRYPTION_KEY;
