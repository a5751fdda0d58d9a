import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';

/** Any JSON value, and bodies near the real ones with any values in their fields. */
const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      name: value,
      dbType: fc.oneof(fc.constantFrom('postgresql', 'mysql', 'sqlite', 'snowflake'), value),
      host: value,
      port: value,
      databaseName: value,
      username: value,
      password: value,
      options: value,
      connectionString: value,
      email: value,
      role: value,
    },
    { requiredKeys: [] },
  ),
);

describe('no body makes the API answer 5xx, and a refused one changes nothing', () => {
  let t: TestApp;
  let token: string;
  let existing: Connection;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.adminToken();
    const created = await t.request('POST', '/api/connections', {
      token,
      body: { name: 'Fuzz target', dbType: 'postgresql', host: 'db.example.com', port: 5432 },
    });
    existing = created.json<{ data: Connection }>().data;
  });
  afterAll(() => t.close());

  const rowCount = async () =>
    (await t.pool.query<{ n: number }>('select count(*)::int as n from data_connections')).rows[0]!
      .n;
  const endpoints = () =>
    [
      ['POST', '/api/connections'],
      ['PATCH', `/api/connections/${existing.id}`],
      ['POST', '/api/connections/parse'],
      ['POST', '/api/users'],
      ['POST', '/api/auth/login'],
    ] as const;

  it('for the endpoints that take a body', async () => {
    for (const [method, url] of endpoints()) {
      await fc.assert(
        fc.asyncProperty(body, async (input) => {
          const rows = await rowCount();
          const before = await t.request('GET', `/api/connections/${existing.id}`, { token });
          const reply = await t.request(method, url, { token, body: input });
          expect(reply.status, `${method} ${url} ${JSON.stringify(input)}`).toBeLessThan(500);
          if (reply.status >= 400) {
            expect(reply.headers['content-type']).toContain('application/problem+json');
            expect(await rowCount()).toBe(rows);
            const after = await t.request('GET', `/api/connections/${existing.id}`, { token });
            expect(after.body).toBe(before.body);
          }
        }),
        { numRuns: 60 },
      );
    }
  }, 120_000);
});
