import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaSync } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import {
  auditOf,
  catalogOf,
  connectionOf,
  createConnection,
  eventually,
  names,
  postgresCatalogTarget,
  SMALL,
  syncOf,
  waitForSchema,
} from '../support/schema-sync';

describe('Schema sync jobs with workers', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;
  const proxies: TcpProxy[] = [];
  const proxy = async (mode: Parameters<typeof startTcpProxy>[1]) => {
    const started = await startTcpProxy(target.body.port, mode);
    proxies.push(started);
    return started;
  };

  beforeAll(async () => {
    target = await postgresCatalogTarget(SMALL);
    t = await createTestApp({
      SLUICE_ROLE: 'all',
      SCHEMA_SYNC_RETRY_DELAY_SECONDS: '1',
      SCHEMA_SYNC_TIMEOUT_MS: '3000',
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(proxies.map((p) => p.close()));
  });

  it('retries after a transient failure and then succeeds', async () => {
    const gate = await proxy('refuse');
    const created = await createConnection(t, { ...target.body, port: gate.port });
    const retrying = await eventually(async () => {
      const c = await connectionOf(t, created.id);
      return c.schemaMessage?.startsWith('Attempt 1 of 3 failed') ? c : undefined;
    }, 'the first attempt to fail');
    expect(retrying.schemaStatus).toBe('queued');
    expect(retrying.schemaMessage).toMatch(/Sluice will try again\.$/);

    await gate.setMode('forward');
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(names(await catalogOf(t, created.id))).toEqual([
      'app.accounts',
      'app.invoices',
      'app.open_invoices',
    ]);

    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs[0]?.details).toMatchObject({
      outcome: 'retrying',
      attempt: 1,
      errorCode: 'CONNECTION_REFUSED',
    });
    expect(runs.at(-1)?.details).toMatchObject({ outcome: 'ready', tables: 3, columns: 8 });
    expect(runs.at(-1)?.details.attempt).toBeGreaterThan(1);
    const job = await syncOf(t, created.id);
    expect(job).toMatchObject({ state: 'completed', maxAttempts: 3 });
    expect(job?.attempt).toBe(runs.at(-1)?.details.attempt);
  });

  it('gives up after three transient failures with the last message', async () => {
    const gate = await proxy('refuse');
    const created = await createConnection(t, { ...target.body, port: gate.port });
    const failed = await waitForSchema(t, created.id, ['failed']);
    expect(failed.schemaMessage).toMatch(/refused|nothing listens/i);
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs.map((r) => [r.details.outcome, r.details.attempt])).toEqual([
      ['retrying', 1],
      ['retrying', 2],
      ['failed', 3],
    ]);
    expect(await syncOf(t, created.id)).toMatchObject({ state: 'failed', attempt: 3 });
  });

  it('fails at once, without retrying, when the password is wrong', async () => {
    const created = await createConnection(t, { ...target.body, password: 'not-the-password' });
    const failed = await waitForSchema(t, created.id, ['failed']);
    expect(failed.schemaMessage).toMatch(/password/i);
    expect(failed.schemaMessage).not.toContain('not-the-password');
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.details).toMatchObject({
      outcome: 'failed',
      attempt: 1,
      errorCode: 'AUTH_FAILED',
    });
    expect(await syncOf(t, created.id)).toMatchObject({ state: 'failed', attempt: 1 });
    expect(t.logs.join('\n')).not.toContain('not-the-password');
  });

  it('cancels a running sync: the status goes back and nothing is written', async () => {
    const gate = await proxy('hold');
    const created = await createConnection(t, { ...target.body, port: gate.port });
    await waitForSchema(t, created.id, ['ingesting']);
    const running = await syncOf(t, created.id);
    expect(running?.state).toBe('running');

    const cancel = await t.request('DELETE', `/api/connections/${created.id}/schema/sync`, {
      token: await t.adminToken(),
    });
    expect(cancel.status, cancel.body).toBe(200);
    expect(cancel.json<{ data: SchemaSync }>().data.state).toBe('cancelled');
    expect((await connectionOf(t, created.id)).schemaStatus).toBe('not_ingested');

    const runs = await eventually(async () => {
      const events = await auditOf(t, created.id, 'connections:schema_sync');
      return events.length > 0 ? events : undefined;
    }, 'the cancelled run to be audited');
    expect(runs.map((r) => r.details.outcome)).toEqual(['cancelled']);
    const after = await connectionOf(t, created.id);
    expect(after.schemaStatus).toBe('not_ingested');
    expect(after.schemaIngestedAt).toBeNull();
    expect(await catalogOf(t, created.id)).toEqual([]);
  });

  it('never runs two syncs of one connection at once: a new one waits for the cancelled run to end', async () => {
    const gate = await proxy('hold');
    const created = await createConnection(t, { ...target.body, port: gate.port });
    await waitForSchema(t, created.id, ['ingesting']);
    // "ingesting" is set before the sync's thread has started and connected: wait for it.
    for (let i = 0; i < 100 && gate.accepted() === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const token = await t.adminToken();
    const url = `/api/connections/${created.id}/schema/sync`;
    expect((await t.request('DELETE', url, { token })).status).toBe(200);
    await gate.setMode('forward');
    const next = await t.request('POST', url, { token });
    expect(next.status).toBe(202);

    // The cancelled run still waits on its silent target (3 s deadline); the new one may not start.
    await new Promise((r) => setTimeout(r, 1000));
    expect(gate.accepted()).toBe(1);
    expect((await connectionOf(t, created.id)).schemaStatus).toBe('queued');

    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(gate.accepted()).toBeGreaterThan(1);
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs.map((r) => r.details.outcome)).toEqual(['cancelled', 'ready']);
  });

  it('supersedes a running sync when the connection fields change', async () => {
    const gate = await proxy('hold');
    const created = await createConnection(t, { ...target.body, port: gate.port });
    await waitForSchema(t, created.id, ['ingesting']);
    const stale = await syncOf(t, created.id);
    const token = await t.adminToken();
    const patch = await t.request('PATCH', `/api/connections/${created.id}`, {
      token,
      body: { port: target.body.port, password: target.body.password },
    });
    expect(patch.status, patch.body).toBe(200);
    const fresh = await syncOf(t, created.id);
    expect(fresh?.id).not.toBe(stale?.id);

    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(names(await catalogOf(t, created.id))).toHaveLength(3);
    const queued = await auditOf(t, created.id, 'connections:schema_sync_queued');
    expect(queued.map((e) => e.details)).toEqual([
      { jobId: stale?.id, reason: 'created' },
      { jobId: fresh?.id, reason: 'changed', superseded: stale?.id },
    ]);
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs.map((r) => [r.details.jobId, r.details.outcome])).toEqual([
      [stale?.id, 'cancelled'],
      [fresh?.id, 'ready'],
    ]);
  });

  it('keeps the previous catalog whole when the target disappears mid-ingestion', async () => {
    const gate = await proxy('forward');
    const created = await createConnection(t, { ...target.body, port: gate.port });
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const before = await catalogOf(t, created.id);
    expect(before).toHaveLength(3);
    const oneRun = gate.serverBytes();

    // Bytes after the login and the first catalog queries, before the last answers.
    await gate.setMode('cut', Math.floor(oneRun * 0.6));
    await target.run('create table app.payments (id int primary key)');
    const sync = await t.request('POST', `/api/connections/${created.id}/schema/sync`, {
      token: await t.adminToken(),
    });
    expect(sync.status).toBe(202);
    const failed = await waitForSchema(t, created.id, ['failed']);
    expect(failed.schemaMessage).toBeTruthy();
    expect(failed.schemaIngestedAt).toBe(ready.schemaIngestedAt);
    expect(await catalogOf(t, created.id)).toEqual(before);
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs.map((r) => r.details.outcome)).toEqual(['ready', 'retrying', 'retrying', 'failed']);
  });
});
