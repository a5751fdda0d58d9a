import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('hostile HTTP input', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const cases: { name: string; payload: string; contentType?: string; status: number }[] = [
    {
      name: 'a body over 1 MiB',
      payload: JSON.stringify({ name: 'x'.repeat(1_200_000) }),
      status: 413,
    },
    { name: 'text/plain', payload: 'name=x', contentType: 'text/plain', status: 415 },
    {
      name: 'a form post',
      payload: 'name=x&dbType=postgresql',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
    },
    { name: 'XML', payload: '<connection/>', contentType: 'application/xml', status: 415 },
    { name: 'malformed JSON', payload: '{"name": ', status: 400 },
    { name: 'a JSON string instead of an object', payload: '"hello"', status: 400 },
    { name: 'a JSON array', payload: '[1,2,3]', status: 400 },
    { name: 'null', payload: 'null', status: 400 },
    { name: 'deeply nested JSON', payload: `{"options": ${deep(5000)}}`, status: 400 },
    {
      name: 'a huge array',
      payload: JSON.stringify({
        options: { schemas: { include: Array.from({ length: 50_000 }, () => 'a') } },
      }),
      status: 400,
    },
    {
      name: 'prototype pollution',
      payload: '{"name":"x","__proto__":{"isAdmin":true}}',
      status: 400,
    },
    {
      name: 'a NUL byte in a name',
      payload: JSON.stringify({ name: 'a\u0000b', dbType: 'postgresql', host: 'db', port: 5432 }),
      status: 400,
    },
    {
      name: 'invalid UTF-8',
      payload: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString(
        'latin1',
      ),
      status: 400,
    },
    {
      name: 'a number where a string belongs',
      payload: JSON.stringify({ name: 42, dbType: 'postgresql', host: 'db', port: 5432 }),
      status: 400,
    },
    {
      name: 'a port as a huge number',
      payload: JSON.stringify({ name: 'x', dbType: 'postgresql', host: 'db', port: 1e308 }),
      status: 400,
    },
  ];

  it.each(cases)(
    'answers $name with $status problem+json and saves nothing',
    async ({ payload, contentType, status }) => {
      const before = await t.pool.query<{ n: number }>(
        'select count(*)::int as n from data_connections',
      );
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/connections',
        headers: {
          authorization: `Bearer ${admin}`,
          'content-type': contentType ?? 'application/json',
        },
        payload,
      });
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(
        (await t.pool.query<{ n: number }>('select count(*)::int as n from data_connections'))
          .rows[0],
      ).toEqual(before.rows[0]);
    },
  );

  it.each([
    ['a garbage Authorization header', { authorization: 'Basic Zm9vOmJhcg==' }],
    ['a very long Authorization header', { authorization: `Bearer ${'a'.repeat(8000)}` }],
    ['a cookie full of junk', { cookie: 'sluice_session=%%%; other=1' }],
  ])('answers %s with 401', async (_name, headers) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/connections', headers });
    expect(res.statusCode).toBe(401);
  });

  it('answers hostile query strings with 400, never 500', async () => {
    for (const query of [
      'page=1e999',
      'pageSize=-1',
      'search=' + 'x'.repeat(300),
      'page=1&page=2',
      'sortBy[]=name',
      'dbType=%00',
    ]) {
      const res = await t.request('GET', `/api/connections?${query}`, { token: admin });
      expect(res.status, query).toBe(400);
    }
  });

  it('sends the security headers on the web UI and the API', async () => {
    for (const url of ['/', '/connections', '/api/health']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(String(res.headers['content-security-policy']), url).toContain(
        "frame-ancestors 'none'",
      );
    }
  });
});
