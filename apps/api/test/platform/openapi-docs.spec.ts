import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};

describe('the OpenAPI document reads well', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.request('GET', '/api/openapi.json')).json<Doc>();
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        at: `${method.toUpperCase()} ${path}`,
        op,
      })),
    );

  it('gives every operation a summary and a description', () => {
    expect(operations().length).toBeGreaterThan(40);
    const missing = operations()
      .filter(({ op }) => !op.summary?.trim() || !op.description?.trim())
      .map(({ at }) => at);
    expect(missing).toEqual([]);
  });

  it('names its schemas as a reader would, not by generated ids', () => {
    const names = Object.keys(doc.components?.schemas ?? {});
    expect(names.length).toBeGreaterThan(10);
    expect(
      names.filter((n) => !/^[A-Z][A-Za-z0-9_]*$/.test(n) || /^Schema\d*$|_Output_\d|__/.test(n)),
    ).toEqual([]);
  });
});
