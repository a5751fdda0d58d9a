import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TestResult } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';

type One = { data: Connection };
type Problem = { errors: { path: string; message: string }[] };

describe('connection strings', () => {
  let t: TestApp;
  let admin: string;
  const target = postgresTarget();
  const uri = `postgresql://${target.username}:${encodeURIComponent(target.password)}@${target.host}:${target.port}/${target.databaseName}`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('tests a pasted string against a real PostgreSQL', async () => {
    const res = await t.request('POST', '/api/connections/test', {
      token: admin,
      body: { dbType: 'postgresql', connectionString: uri },
    });
    expect(res.json<{ data: TestResult }>().data).toMatchObject({ success: true });
  });

  it('creates a connection from a string: the password encrypted, the fields filled, the mode recorded', async () => {
    const res = await t.request('POST', '/api/connections', {
      token: admin,
      body: { name: unique('from-string'), dbType: 'postgresql', connectionString: uri },
    });
    expect(res.status).toBe(201);
    const created = res.json<One>().data;
    expect(created).toMatchObject({
      host: target.host,
      port: target.port,
      databaseName: 'postgres',
      username: target.username,
      hasCredential: true,
      connectionMode: 'connection_string',
    });
    expect(JSON.stringify(created.options)).not.toContain(target.password);
    expect(res.body).not.toContain(target.password);
    const saved = await t.request('POST', `/api/connections/${created.id}/test`, { token: admin });
    expect(saved.json<{ data: TestResult }>().data.success).toBe(true);
  });

  it('refuses a string with a parameter that reads local files, naming it, and saves nothing', async () => {
    const name = unique('refused');
    const res = await t.request('POST', '/api/connections', {
      token: admin,
      body: { name, dbType: 'postgresql', connectionString: `${uri}?sslrootcert=/etc/passwd` },
    });
    expect(res.status).toBe(400);
    expect(res.json<Problem>().errors).toEqual([
      { path: 'connectionString', message: expect.stringContaining('"sslrootcert"') as string },
    ]);
    expect(
      (await t.pool.query('select 1 from data_connections where name = $1', [name])).rowCount,
    ).toBe(0);
  });

  it('updates a connection from a string on its own type', async () => {
    const created = (
      await t.request('POST', '/api/connections', {
        token: admin,
        body: { name: unique('pg'), ...target },
      })
    ).json<One>().data;
    const res = await t.request('PATCH', `/api/connections/${created.id}`, {
      token: admin,
      body: {
        connectionString:
          'postgresql://other:typed-again@db2.example.com:6543/warehouse?sslmode=require',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json<One>().data).toMatchObject({
      host: 'db2.example.com',
      port: 6543,
      databaseName: 'warehouse',
      username: 'other',
      useSsl: true,
      hasCredential: true,
      connectionMode: 'connection_string',
    });
    const bad = await t.request('PATCH', `/api/connections/${created.id}`, {
      token: admin,
      body: { connectionString: 'mysql://x@y/z' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json<Problem>().errors[0]?.path).toBe('connectionString');
  });

  describe('POST /api/connections/parse', () => {
    it('returns the guided fields and whether there was a password, never the password', async () => {
      const res = await t.request('POST', '/api/connections/parse', {
        token: admin,
        body: {
          dbType: 'sqlserver',
          connectionString:
            'Server=tcp:sql.example.com,1444;Database=Sales;User Id=sa;Password=Very-Secret-9;Encrypt=True',
        },
      });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({
        data: {
          host: 'sql.example.com',
          port: 1444,
          databaseName: 'Sales',
          username: 'sa',
          useSsl: true,
          options: { encrypt: true },
          hasPassword: true,
        },
      });
      expect(res.body).not.toContain('Very-Secret-9');
      expect(t.logs.join('')).not.toContain('Very-Secret-9');
    });

    it('answers 400 on connectionString for a string it cannot read', async () => {
      const res = await t.request('POST', '/api/connections/parse', {
        token: admin,
        body: { dbType: 'mysql', connectionString: 'mysql://root@db/app?localInfile=true' },
      });
      expect(res.status).toBe(400);
      expect(res.json<Problem>().errors[0]).toMatchObject({
        path: 'connectionString',
        message: expect.stringContaining('"localInfile"') as string,
      });
    });
  });
});
