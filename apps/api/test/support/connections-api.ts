import { expect } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { createTestApp, TEST_ENCRYPTION_KEY, unique, type TestApp } from './test-app';

export type One = { data: Connection };
export type Many = {
  data: { items: Connection[]; total: number; page: number; pageSize: number; totalPages: number };
};
export const UNKNOWN_ID = '6f1c1f7e-1111-4222-8333-944444444444';

/** A test app with an admin, a contributor and a viewer, and helpers for the connections API. */
export async function openConnectionsApi() {
  const t: TestApp = await createTestApp();
  const admin = await t.adminToken();
  const contributor = (await t.userWithRole('contributor')).token;
  const viewer = (await t.userWithRole('viewer')).token;
  const body = (overrides: Record<string, unknown> = {}) => ({
    name: unique('Prod PG'),
    description: 'Main application database',
    dbType: 'postgresql',
    host: 'db.example.com',
    port: 5432,
    databaseName: 'app_prod',
    username: 'app_user',
    password: 'pa55-word-!',
    useSsl: true,
    options: { schema: 'public' },
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}, token = admin) => {
    const res = await t.request('POST', '/api/connections', { token, body: body(overrides) });
    expect(res.status, res.body).toBe(201);
    return res.json<One>().data;
  };
  const storedCredential = async (id: string) =>
    (
      await t.pool.query<{ c: string | null }>(
        'select encrypted_credential as c from data_connections where id = $1',
        [id],
      )
    ).rows[0]?.c;
  const keyring = () =>
    new Map([[t.config.encryption.keyId, Buffer.from(TEST_ENCRYPTION_KEY, 'base64')]]);
  return { t, admin, contributor, viewer, body, create, storedCredential, keyring };
}

export type ConnectionsApi = Awaited<ReturnType<typeof openConnectionsApi>>;
