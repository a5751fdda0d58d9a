import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, Connection, TestResponse } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { hasSshd, requireSshd, startBastion, type Bastion } from '../support/sshd';
import { postgresCatalogTarget, SMALL, syncAndWait } from '../support/schema-sync';
import { until } from '../support/until';

requireSshd();

/**
 * Through the API, with the databases' loopback address blocked by the network policy and only
 * the bastion's (127.0.0.2) allowed: whatever reaches the database went through the tunnel.
 */
describe.skipIf(!hasSshd)('SSH tunnels, through the API and the driver threads', () => {
  let t: TestApp;
  let bastion: Bastion;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;
  let token: string;

  beforeAll(async () => {
    [t, bastion, target] = await Promise.all([
      createTestApp({
        SLUICE_ROLE: 'all',
        QUERY_SESSION_IDLE_SECONDS: '1',
        BLOCK_PRIVATE_NETWORKS: 'true',
        CONNECTION_ALLOWED_CIDRS: '127.0.0.2/32',
      }),
      startBastion(),
      postgresCatalogTarget(SMALL),
    ]);
    token = await t.adminToken();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await bastion?.stop();
  });

  const tunnel = () => ({
    host: bastion.host,
    port: bastion.port,
    username: bastion.username,
    authMethod: 'key' as const,
  });
  const keyBody = () => ({
    ...target.body,
    sshTunnel: tunnel(),
    sshPrivateKey: bastion.keys.rsaPem.privateKey,
    sshPassphrase: bastion.keys.rsaPem.passphrase!,
  });
  const noSessionsLeft = () => until(() => expect(bastion.openSessions()).toBe(0), 5000);
  const test = async (body: unknown) => {
    const res = await t.request('POST', '/api/connections/test', { token, body });
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: TestResponse }>().data;
  };
  const secrets = () => [
    bastion.keys.rsaPem.privateKey.split('\n')[1]!,
    bastion.keys.rsaPem.passphrase!,
    bastion.password,
    target.body.password,
  ];

  it('the database alone is blocked by the policy; through the bastion it passes', async () => {
    const direct = await test(target.body);
    expect(direct).toMatchObject({ success: false, errorCode: 'BLOCKED_BY_POLICY' });
    const tunnelled = await test(keyBody());
    expect(tunnelled).toMatchObject({ success: true, sshHostKey: bastion.fingerprint });
    await noSessionsLeft();
  });

  it('an operator may pre-set the fingerprint: a test holds the bastion to it', async () => {
    const wrong = await test({
      ...keyBody(),
      sshTunnel: { ...tunnel(), hostKeyFingerprint: `SHA256:${'B'.repeat(43)}` },
    });
    expect(wrong).toMatchObject({
      errorCode: 'SSH_HOST_KEY_MISMATCH',
      sshHostKey: bastion.fingerprint,
    });
    const res = await t.request('POST', '/api/connections?verify=true', {
      token,
      body: {
        ...keyBody(),
        name: unique('preset'),
        sshTunnel: { ...tunnel(), hostKeyFingerprint: bastion.fingerprint },
      },
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json<{ data: Connection }>().data.sshTunnel?.hostKeyFingerprint).toBe(
      bastion.fingerprint,
    );
  });

  let id: string;
  it('saving with the dialog test pins the host key it saw; secrets are never returned', async () => {
    const body = keyBody();
    const tested = await test(body);
    const res = await t.request('POST', '/api/connections', {
      token,
      body: { ...body, name: unique('tunnelled'), testReceipt: tested.receipt },
    });
    expect(res.status, res.body).toBe(201);
    const created = res.json<{ data: Connection }>().data;
    id = created.id;
    expect(created).toMatchObject({
      sshTunnel: { ...tunnel(), hostKeyFingerprint: bastion.fingerprint },
      hasSshCredential: true,
      lastTestResult: true,
    });
    expect(created.lastTest?.stages.map((s) => s.name)).toContain('ssh_authenticate');
    await noSessionsLeft();
  });

  it('syncs the schema and runs a query through the tunnel', async () => {
    const synced = await syncAndWait(t, id);
    expect(synced).toMatchObject({
      schemaStatus: 'ready',
      schemaMessage: '3 tables and views, 8 columns',
    });
    const query = await t.request('POST', `/api/connections/${id}/query`, {
      token,
      body: { sql: 'select email from app.accounts order by id' },
    });
    expect(query.status, query.body).toBe(200);
    expect(query.json<{ data: { rowCount: number } }>().data.rowCount).toBeGreaterThanOrEqual(0);
    // The query engine keeps its session, and so its tunnel, for QUERY_SESSION_IDLE_SECONDS.
    expect(bastion.openSessions()).toBe(1);
    await noSessionsLeft();
    const tested = await t.request('POST', `/api/connections/${id}/test`, { token });
    expect(tested.json<{ data: TestResponse }>().data.success).toBe(true);
  });

  it('a new host key refuses the connection until someone accepts it', async () => {
    const fresh = await bastion.rotateHostKey();
    const refused = await t.request('POST', `/api/connections/${id}/test`, { token });
    const result = refused.json<{ data: TestResponse }>().data;
    expect(result).toMatchObject({ errorCode: 'SSH_HOST_KEY_MISMATCH', sshHostKey: fresh });
    const bad = await t.request('PUT', `/api/connections/${id}/ssh-host-key`, {
      token,
      body: { fingerprint: 'MD5:aa:bb' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('fingerprint');
    const accepted = await t.request('PUT', `/api/connections/${id}/ssh-host-key`, {
      token,
      body: { fingerprint: fresh },
    });
    expect(accepted.status, accepted.body).toBe(200);
    expect(accepted.json<{ data: Connection }>().data.sshTunnel?.hostKeyFingerprint).toBe(fresh);
    const passes = await t.request('POST', `/api/connections/${id}/test`, { token });
    expect(passes.json<{ data: TestResponse }>().data.success).toBe(true);
    const audit = await t.request('GET', `/api/audit-events?action=connections:accept_host_key`, {
      token,
    });
    const events = audit.json<{ data: { items: AuditEvent[] } }>().data.items;
    expect(events[0]).toMatchObject({ resourceId: id, details: { fingerprint: fresh } });
  });

  it('moving the tunnel to another bastion needs the database password typed again', async () => {
    const res = await t.request('PATCH', `/api/connections/${id}`, {
      token,
      body: { sshTunnel: { ...tunnel(), host: '127.0.0.3' } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('password');
    expect(res.body).toContain('sshTunnel');
  });

  it.each([
    [
      {
        dbType: 'sqlite',
        databaseName: 'x.db',
        sshTunnel: { host: 'b', username: 'u', authMethod: 'password' },
      },
      'sshTunnel',
    ],
    [
      {
        ...{ dbType: 'postgresql', host: 'db', port: 5432 },
        sshTunnel: { host: 'b', username: 'u', authMethod: 'key', hostKeyFingerprint: 'nope' },
      },
      'sshTunnel.hostKeyFingerprint',
    ],
    [
      {
        dbType: 'postgresql',
        host: 'db',
        port: 5432,
        sshTunnel: { host: 'b', username: 'u', authMethod: 'key' },
        sshPrivateKey: 'not a key',
      },
      'sshPrivateKey',
    ],
    [{ dbType: 'postgresql', host: 'db', port: 5432, sshPassword: 'p4ssword' }, 'sshPassword'],
  ])('refuses a bad tunnel with a 400 naming the field (%#)', async (body, field) => {
    const res = await t.request('POST', '/api/connections', {
      token,
      body: { name: unique('bad'), ...body },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toContain(`"${field}"`);
  });

  it('no SSH secret in any response, log line or audit event; no session left', async () => {
    const list = await t.request('GET', '/api/connections?pageSize=100', { token });
    const audit = await t.request('GET', '/api/audit-events?pageSize=100', { token });
    expect(audit.status).toBe(200);
    for (const text of [list.body, audit.body, t.logs.join('\n')])
      for (const secret of secrets()) expect(text).not.toContain(secret);
    await noSessionsLeft();
  });
});
