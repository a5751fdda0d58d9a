import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { GUARDED_ROUTES } from '../support/guarded-routes';

describe('guarded routes', () => {
  let t: TestApp;
  let tokens: Record<'contributor' | 'viewer', string>;
  beforeAll(async () => {
    t = await createTestApp();
    tokens = {
      contributor: (await t.userWithRole('contributor')).token,
      viewer: (await t.userWithRole('viewer')).token,
    };
  });
  afterAll(() => t.close());

  it.each(GUARDED_ROUTES)('$method $url returns 401 without a token', async (route) => {
    const res = await t.request(route.method, route.url, { body: route.body });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  const denied = GUARDED_ROUTES.flatMap((route) =>
    (['contributor', 'viewer'] as const)
      .filter((role) => route.permission && !ROLE_PERMISSIONS[role].includes(route.permission))
      .map((role) => ({ ...route, role })),
  );
  it.each(denied)('$method $url returns 403 for a $role', async (route) => {
    const res = await t.request(route.method, route.url, {
      token: tokens[route.role],
      body: route.body,
    });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
