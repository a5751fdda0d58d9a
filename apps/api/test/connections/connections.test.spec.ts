import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TestResult } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';
import { freePort } from '../support/free-port';
import { startSilentServer, type SilentServer } from '../support/silent-server';

type Result = { data: TestResult };
type One = { data: Connection };

describe('connection tests', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  const target = postgresTarget();
  const secret = unique('Sup3r-secret');

  beforeAll(async () => {
    t = await createTestApp({ CONNECTION_TEST_TIMEOUT_MS: '1500' });
    admin = await t.adminToken();
    viewer = (await t.userWithRole('viewer')).token;
  });
  afterAll(() => t.close());

  const testNew = (body: Record<string, unknown>, token = admin) =>
    t.request('POST', '/api/connections/test', { token, body: { ...target, ...body } });

  describe('POST /api/connections/test', () => {
    it('returns 401 without a token and 403 for a viewer', async () => {
      expect((await t.request('POST', '/api/connections/test', { body: target })).status).toBe(401);
      expect((await testNew({}, viewer)).status).toBe(403);
    });

    it('connects to a real PostgreSQL and reports version, stages and privileges', async () => {
      const res = await testNew({});
      expect(res.status).toBe(201);
      const result = res.json<Result>().data;
      expect(result).toMatchObject({
        success: true,
        message: 'Connection successful',
        errorCode: null,
        hint: null,
      });
      expect(result.serverVersion).toMatch(/^PostgreSQL 1\d\.\d+/);
      expect(result.stages.map((s) => s.name)).toEqual([
        'resolve',
        'connect',
        'authenticate',
        'query',
      ]);
      expect(result.stages.every((s) => s.ok)).toBe(true);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(result.privileges).toMatchObject({ canWrite: true, superuser: true });
    });

    it('fails with AUTH_FAILED and a clear message for a wrong password, without echoing it', async () => {
      const res = await testNew({ password: secret });
      const result = res.json<Result>().data;
      expect(result).toMatchObject({ success: false, errorCode: 'AUTH_FAILED' });
      expect(result.message).toBe(`Password authentication failed for user "${target.username}"`);
      expect(result.hint).toMatch(/Check the username and password/);
      expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
      expect(res.body).not.toContain(secret);
    });

    it('fails with DATABASE_NOT_FOUND for an unknown database', async () => {
      const result = (await testNew({ databaseName: 'no_such_db' })).json<Result>().data;
      expect(result).toMatchObject({ success: false, errorCode: 'DATABASE_NOT_FOUND' });
      expect(result.hint).toContain('"no_such_db"');
    });

    it('fails with CONNECTION_REFUSED on a closed port and names host:port', async () => {
      const port = await freePort();
      const result = (await testNew({ port })).json<Result>().data;
      expect(result).toMatchObject({ success: false, errorCode: 'CONNECTION_REFUSED' });
      expect(result.hint).toBe(`Check the port: nothing listens on ${target.host}:${port}.`);
      expect(result.stages.map((s) => [s.name, s.ok])).toEqual([
        ['resolve', true],
        ['connect', false],
      ]);
    });

    it('fails with DNS_NOT_FOUND for a host that does not resolve', async () => {
      const result = (await testNew({ host: 'no-such-host.invalid' })).json<Result>().data;
      expect(result).toMatchObject({ success: false, errorCode: 'DNS_NOT_FOUND' });
      expect(result.stages).toEqual([expect.objectContaining({ name: 'resolve', ok: false })]);
    });

    describe('against a server that accepts and never answers', () => {
      let silent: SilentServer;
      beforeAll(async () => {
        silent = await startSilentServer();
      });
      afterAll(() => silent.close());

      it('fails with TIMEOUT within the deadline and leaves no socket open', async () => {
        const started = Date.now();
        const result = (await testNew({ host: '127.0.0.1', port: silent.port })).json<Result>()
          .data;
        expect(result).toMatchObject({ success: false, errorCode: 'TIMEOUT' });
        expect(Date.now() - started).toBeLessThan(3000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(silent.openSockets()).toBe(0);
      });
    });

    it('fails with TLS_FAILED when SSL is asked of a server without it', async () => {
      const result = (await testNew({ useSsl: true })).json<Result>().data;
      expect(result).toMatchObject({ success: false, errorCode: 'TLS_FAILED' });
      expect(result.hint).toMatch(/Use SSL/);
    });

    it('answers a target’s failure as a test result for every type, never an error page', async () => {
      const port = await freePort();
      const bodies = [
        { dbType: 'sqlserver', host: '127.0.0.1', port },
        { dbType: 'oracle', host: '127.0.0.1', port, options: { serviceName: 'XE' } },
        { dbType: 'snowflake', host: '127.0.0.1', port, options: { account: 'xy12345' } },
        { dbType: 'databricks', host: '127.0.0.1', port, options: { httpPath: '/sql/1.0/x' } },
      ];
      for (const body of bodies) {
        const res = await t.request('POST', '/api/connections/test', { token: admin, body });
        expect(res.status, body.dbType).toBe(201);
        expect(res.json<Result>().data, body.dbType).toMatchObject({
          success: false,
          errorCode: 'CONNECTION_REFUSED',
          hint: `Check the port: nothing listens on 127.0.0.1:${port}.`,
        });
      }
    });

    it('runs in a read-only session', async () => {
      const { Client } = await import('pg');
      const client = new Client({
        ...target,
        user: target.username,
        database: target.databaseName,
        options: '-c default_transaction_read_only=on',
      });
      await client.connect();
      await expect(client.query('create table sluice_should_not_exist (id int)')).rejects.toThrow(
        /read-only transaction/,
      );
      await client.end();
    });

    it('uses the stored password of a connection when the form leaves it blank', async () => {
      const created = (
        await t.request('POST', '/api/connections', {
          token: admin,
          body: { name: unique('pg'), ...target },
        })
      ).json<One>().data;
      const withoutPassword = { ...target, password: undefined };
      const res = await t.request('POST', '/api/connections/test', {
        token: admin,
        body: { ...withoutPassword, connectionId: created.id },
      });
      expect(res.json<Result>().data.success).toBe(true);
    });

    it('audits the test with its outcome', async () => {
      await testNew({ password: 'wrong-one' });
      const rows = await t.pool.query<{ details: Record<string, unknown> }>(
        `select details from audit_events where action = 'connections:test' order by created_at desc limit 1`,
      );
      expect(rows.rows[0]?.details).toMatchObject({
        success: false,
        errorCode: 'AUTH_FAILED',
        saved: false,
        dbType: 'postgresql',
      });
      expect(JSON.stringify(rows.rows)).not.toContain('wrong-one');
    });
  });

  describe('POST /api/connections/:id/test', () => {
    it('returns 401, 403, 400 for a malformed id and 404 for an unknown one', async () => {
      expect(
        (await t.request('POST', '/api/connections/6f1c1f7e-1111-4222-8333-944444444444/test'))
          .status,
      ).toBe(401);
      expect(
        (
          await t.request('POST', '/api/connections/6f1c1f7e-1111-4222-8333-944444444444/test', {
            token: viewer,
          })
        ).status,
      ).toBe(403);
      expect(
        (await t.request('POST', '/api/connections/not-a-uuid/test', { token: admin })).status,
      ).toBe(400);
      expect(
        (
          await t.request('POST', '/api/connections/6f1c1f7e-1111-4222-8333-944444444444/test', {
            token: admin,
          })
        ).status,
      ).toBe(404);
    });

    it('returns the result and saves it, with the server version, on the connection', async () => {
      const created = (
        await t.request('POST', '/api/connections', {
          token: admin,
          body: { name: unique('pg'), ...target },
        })
      ).json<One>().data;
      const res = await t.request('POST', `/api/connections/${created.id}/test`, { token: admin });
      expect(res.status).toBe(201);
      expect(res.json<Result>().data.success).toBe(true);
      const after = (
        await t.request('GET', `/api/connections/${created.id}`, { token: admin })
      ).json<One>().data;
      expect(after).toMatchObject({
        lastTestResult: true,
        lastTestMessage: 'Connection successful',
        version: 1,
      });
      expect(after.serverVersion).toMatch(/^PostgreSQL /);
      expect(Date.now() - Date.parse(after.lastTestedAt!)).toBeLessThan(60_000);
    });

    it('saves a failure with its message', async () => {
      const created = (
        await t.request('POST', '/api/connections', {
          token: admin,
          body: { name: unique('pg'), ...target, password: secret },
        })
      ).json<One>().data;
      await t.request('POST', `/api/connections/${created.id}/test`, { token: admin });
      const after = (
        await t.request('GET', `/api/connections/${created.id}`, { token: admin })
      ).json<One>().data;
      expect(after).toMatchObject({
        lastTestResult: false,
        lastTestMessage: `Password authentication failed for user "${target.username}"`,
      });
    });
  });

  describe('secrets', () => {
    it('never writes a typed password to the log, the audit rows or a response header', async () => {
      const created = await t.request('POST', '/api/connections', {
        token: admin,
        body: { name: unique('pg'), ...target, password: secret },
      });
      const id = created.json<One>().data.id;
      await t.request('PATCH', `/api/connections/${id}`, {
        token: admin,
        body: { password: `${secret}-2` },
      });
      await t.request('POST', `/api/connections/${id}/test`, { token: admin });
      await testNew({ password: secret });
      expect(t.logs.join('\n')).not.toContain(secret);
      const audit = await t.pool.query('select details from audit_events');
      expect(JSON.stringify(audit.rows)).not.toContain(secret);
      expect(JSON.stringify(created.headers)).not.toContain(secret);
    });
  });
});
