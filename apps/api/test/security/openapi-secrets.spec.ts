import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN, TEST_ENCRYPTION_KEY, type TestApp } from '../support/test-app';

const SECRET_FIELDS =
  /^(password|privateKey|privateKeyPassphrase|connectionString|caCertificate|accessToken|encryptedCredential)$/;

/** Every (path, value) of `example`/`default`/`examples` in a JSON document. */
function examplesOf(node: unknown, path: string[] = []): [string, unknown][] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    ['example', 'examples', 'default'].includes(key)
      ? [[[...path, key].join('.'), value] as [string, unknown]]
      : examplesOf(value, [...path, key]),
  );
}

describe('the OpenAPI document holds no secret', () => {
  let t: TestApp;
  let doc: string;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  it('has no example or default value for a secret field', () => {
    const parsed = JSON.parse(doc) as unknown;
    const secretExamples = examplesOf(parsed).filter(([path]) =>
      path.split('.').some((part) => SECRET_FIELDS.test(part)),
    );
    expect(secretExamples).toEqual([]);
    // The secret fields are described, so the sweep above looked at something.
    expect(doc).toContain('"password"');
  });

  it('carries none of the server’s own secrets', () => {
    for (const secret of [
      TEST_ADMIN.password,
      TEST_ENCRYPTION_KEY,
      t.config.jwtSecret,
      t.config.databaseUrl ?? 'no database url',
    ]) {
      expect(doc).not.toContain(secret);
    }
  });
});
