import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemSchema } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';

describe('problem+json errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const expectProblem = (
    res: { status: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
  ) => {
    expect(res.status).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    const body = problemSchema.parse(res.json());
    expect(body.status).toBe(status);
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    return body;
  };

  it('answers malformed JSON with 400', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
  });

  it('answers an unknown API route with a JSON 404', async () => {
    expectProblem(await t.request('GET', '/api/no-such-thing'), 404);
    expectProblem(await t.request('DELETE', '/api/no-such-thing'), 404);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 413);
  });

  it('names every unknown field in a 400', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: 'a@b.co', password: 'x', isAdmin: true, role: 'admin' },
    });
    const body = expectProblem(res, 400);
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['isAdmin', 'role']);
  });

  it('answers an unknown error with a generic 500 whose correlation id is in the log', async () => {
    const token = await t.adminToken();
    await t.pool.query('alter table audit_events rename to audit_events_gone');
    try {
      const res = await t.request('GET', '/api/audit-events', { token });
      const body = expectProblem(res, 500);
      expect(body.code).toBe('INTERNAL_ERROR');
      expect(res.body).not.toMatch(/audit_events|\brelation\b|\bselect\b/i);
      const correlationId = res.json<{ correlationId: string }>().correlationId;
      const logged = t.logs.find(
        (line) => line.includes(correlationId) && line.includes('unhandled error'),
      );
      expect(logged).toBeDefined();
    } finally {
      await t.pool.query('alter table audit_events_gone rename to audit_events');
    }
  });

  it('sets security headers on API answers', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('writes one log line per request without the Authorization header', async () => {
    const token = await t.adminToken();
    const before = t.logs.length;
    await t.request('GET', '/api/auth/me', { token });
    const lines = t.logs.slice(before).filter((l) => l.includes('"msg":"request"'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"statusCode":200');
    expect(t.logs.join('')).not.toContain(token);
  });
});
