import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TestResponse } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';

type One = { data: Connection };

/** The test run in the dialog, on exactly the values saved, is the connection's last test. */
describe('a connection’s last test', () => {
  let t: TestApp;
  let admin: string;
  const target = postgresTarget();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const test = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/connections/test', { token: admin, body });
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: TestResponse }>().data;
  };
  const create = (body: Record<string, unknown>) =>
    t.request('POST', '/api/connections', { token: admin, body });
  const patch = (id: string, body: Record<string, unknown>) =>
    t.request('PATCH', `/api/connections/${id}`, { token: admin, body });
  const rowsNamed = async (name: string) =>
    (await t.pool.query('select 1 from data_connections where name = $1', [name])).rowCount;

  it('stores a passing dialog test with its privileges, so the list never says Untested', async () => {
    const tested = await test(target);
    expect(tested).toMatchObject({ success: true });
    expect(tested.receipt).toMatch(/^[\w-]+\.[\w-]+$/);
    // The receipt holds the result, never the password.
    expect(Buffer.from(tested.receipt!.split('.')[0]!, 'base64url').toString()).not.toContain(
      target.password,
    );
    const res = await create({ name: unique('tested'), ...target, testReceipt: tested.receipt });
    expect(res.status, res.body).toBe(201);
    const saved = res.json<One>().data;
    expect(saved).toMatchObject({
      lastTestResult: true,
      lastTestMessage: 'Connection successful',
      lastTest: { success: true, privileges: { canWrite: true, superuser: true } },
    });
    expect(saved.lastTestedAt).not.toBeNull();
    expect(saved.serverVersion).toMatch(/^PostgreSQL/);
  });

  it('stores a failed test too, for a connection saved without a passing test', async () => {
    const tested = await test({ ...target, password: 'wrong-password' });
    expect(tested).toMatchObject({ success: false, errorCode: 'AUTH_FAILED' });
    const body = { name: unique('failed'), ...target, password: 'wrong-password' };
    const res = await create({ ...body, testReceipt: tested.receipt });
    expect(res.status, res.body).toBe(201);
    expect(res.json<One>().data).toMatchObject({
      lastTestResult: false,
      lastTest: { errorCode: 'AUTH_FAILED', hint: expect.stringContaining('password') as string },
    });
  });

  it('refuses, and saves nothing, a receipt for other values or one that was altered', async () => {
    const tested = await test(target);
    const moved = unique('moved');
    const other = await create({ name: moved, ...target, port: 1, testReceipt: tested.receipt });
    expect(other.status).toBe(400);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.body).toContain('testReceipt');
    const otherPassword = await create({
      name: moved,
      ...target,
      password: 'not-the-one-tested',
      testReceipt: tested.receipt,
    });
    expect(otherPassword.status).toBe(400);
    const [body = '', signature = ''] = tested.receipt!.split('.');
    const forged = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      r: { success: boolean };
    };
    forged.r.success = false;
    const altered = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const tampered = await create({ name: moved, ...target, testReceipt: altered });
    expect(tampered.status).toBe(400);
    expect(tampered.body).toContain('not a receipt Sluice issued');
    expect(await rowsNamed(moved)).toBe(0);
  });

  it('keeps the last test through a rename, and resets it when the target changes untested', async () => {
    const tested = await test(target);
    const created = (
      await create({ name: unique('kept'), ...target, testReceipt: tested.receipt })
    ).json<One>().data;
    const renamed = await patch(created.id, { name: unique('renamed'), description: 'new' });
    expect(renamed.status, renamed.body).toBe(200);
    expect(renamed.json<One>().data).toMatchObject({ lastTestResult: true });
    const moved = await patch(created.id, { databaseName: 'template1' });
    expect(moved.json<One>().data).toMatchObject({ lastTestResult: null, lastTest: null });
  });

  it('stores a test of the saved connection’s stored password, sent with the edit', async () => {
    const created = (await create({ name: unique('stored'), ...target })).json<One>().data;
    expect(created.lastTestResult).toBeNull();
    const { password: _typed, ...withoutPassword } = target;
    const tested = await test({ ...withoutPassword, connectionId: created.id, username: 'x' });
    expect(tested.errorCode).toBe('AUTH_FAILED');
    const edited = await patch(created.id, { username: 'x', testReceipt: tested.receipt });
    expect(edited.status, edited.body).toBe(200);
    expect(edited.json<One>().data).toMatchObject({
      username: 'x',
      lastTestResult: false,
      lastTest: { errorCode: 'AUTH_FAILED' },
    });
  });
});
