import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TestResult } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';

type One = { data: Connection };

describe('POST /api/connections?verify=true', () => {
  let t: TestApp;
  let admin: string;
  const target = postgresTarget();
  const secret = unique('Sup3r-secret');
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('saves nothing and answers 422 with the test result when the test fails', async () => {
    const name = unique('verify-fail');
    const res = await t.request('POST', '/api/connections?verify=true', {
      token: admin,
      body: { name, ...target, password: secret },
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ testResult: TestResult }>().testResult).toMatchObject({
      success: false,
      errorCode: 'AUTH_FAILED',
    });
    const rows = await t.pool.query('select 1 from data_connections where name = $1', [name]);
    expect(rows.rowCount).toBe(0);
    expect(res.body).not.toContain(secret);
  });

  it('saves a passing connection already marked as tested', async () => {
    const res = await t.request('POST', '/api/connections?verify=true', {
      token: admin,
      body: { name: unique('verify-ok'), ...target },
    });
    expect(res.status).toBe(201);
    expect(res.json<One>().data).toMatchObject({ lastTestResult: true });
    expect(res.json<One>().data.serverVersion).toMatch(/^PostgreSQL/);
  });

  it('returns 400 for verify=maybe', async () => {
    expect(
      (
        await t.request('POST', '/api/connections?verify=maybe', {
          token: admin,
          body: { name: 'x', ...target },
        })
      ).status,
    ).toBe(400);
  });
});

describe('REQUIRE_PASSING_TEST=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REQUIRE_PASSING_TEST: 'true' });
  });
  afterAll(() => t.close());

  it('tests every create and refuses a failing one with 422', async () => {
    const target = postgresTarget();
    const res = await t.request('POST', '/api/connections', {
      token: await t.adminToken(),
      body: { name: 'must pass', ...target, databaseName: 'no_such_db' },
    });
    expect(res.status).toBe(422);
    expect(res.json<{ testResult: TestResult }>().testResult.errorCode).toBe('DATABASE_NOT_FOUND');
  });
});
