import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { startRogueMysql, type RogueMysqlServer } from '../support/rogue-mysql';
import { auditOf, createConnection, waitForSchema } from '../support/schema-sync';

describe('a hostile MySQL server asking for a local file', () => {
  const secretFile = join(mkdtempSync(join(tmpdir(), 'sluice-rogue-')), 'secret.txt');
  const marker = `do-not-leak-${Date.now()}`;
  let rogue: RogueMysqlServer;
  let t: TestApp;
  const body = () => ({
    dbType: 'mysql' as const,
    host: '127.0.0.1',
    port: rogue.port,
    databaseName: 'shop',
    username: 'app',
    password: 'rogue-test-password',
  });

  beforeAll(async () => {
    writeFileSync(secretFile, `${marker}\n`);
    rogue = await startRogueMysql(secretFile);
    t = await createTestApp({
      SLUICE_ROLE: 'all',
      CONNECTION_TEST_TIMEOUT_MS: '3000',
      SCHEMA_SYNC_TIMEOUT_MS: '3000',
      SCHEMA_SYNC_RETRY_DELAY_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await t.close();
    await rogue.close();
  });

  it('gets nothing from a connection test: an empty answer to its request, and a clear result', async () => {
    const res = await t.request('POST', '/api/connections/test', {
      token: await t.adminToken(),
      body: body(),
    });
    expect(res.status, res.body).toBe(201);
    const result = res.json<{ data: TestResult }>().data;
    expect(result).toMatchObject({
      success: false,
      errorCode: 'BLOCKED_BY_POLICY',
      message: 'The server asked Sluice for a file of this machine; Sluice never sends files',
    });
    expect(result.hint).toContain('Check the host and port');
    // Neither the file's content nor its path comes back to the user.
    expect(res.body).not.toContain(secretFile);
    // The server asked at least once, and every answer was the empty "no file" packet.
    expect(rogue.infileReplies().length).toBeGreaterThan(0);
    expect(rogue.infileReplies().every((reply) => reply.length === 0)).toBe(true);
    expect(rogue.received().includes(marker)).toBe(false);
  });

  it('gets nothing from a schema sync either', async () => {
    const before = rogue.infileReplies().length;
    const created = await createConnection(t, body());
    const done = await waitForSchema(t, created.id);
    expect(done.schemaStatus).toBe('failed');
    expect(done.schemaMessage).toBe(
      'The server asked Sluice for a file of this machine; Sluice never sends files',
    );
    // Not worth a retry: one attempt.
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs.map((r) => [r.details.outcome, r.details.errorCode])).toEqual([
      ['failed', 'BLOCKED_BY_POLICY'],
    ]);
    expect(rogue.infileReplies().length).toBeGreaterThan(before);
    expect(rogue.infileReplies().every((reply) => reply.length === 0)).toBe(true);
    expect(rogue.received().includes(marker)).toBe(false);
    expect(t.logs.join('\n')).not.toContain('rogue-test-password');
  });
});
