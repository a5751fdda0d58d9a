import type { Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type TestResult } from '@sluice/contracts';
import { PG, PG_LOGIN_OK, pgMessage, startFakePostgres } from '../support/fake-postgres';
import { startScriptedPeer, withPeer } from '../support/fuzz-peer';
import { createConnection, waitForSchema } from '../support/schema-sync';
import { createTestApp, type TestApp } from '../support/test-app';

const PASSWORD = 'fuzz-pass-never-echoed';

/** Rows without end, as fast as the client reads them. */
function flood(socket: Socket): void {
  socket.write(PG.rowDescription(['version', 'a', 'b', 'c', 'd']));
  const row = PG.dataRow(['x'.repeat(16_000), 'f', 'f', 'f', 'f']);
  const pump = () => {
    while (!socket.destroyed && socket.write(row));
    if (!socket.destroyed) socket.once('drain', pump);
  };
  pump();
}

/** An app whose tests and syncs answer within the given deadlines, and a way to test through it. */
function appWith(testTimeoutMs: number, syncTimeoutMs: number) {
  const app = { t: undefined as unknown as TestApp, token: '' };
  beforeAll(async () => {
    app.t = await createTestApp({
      SLUICE_ROLE: 'all',
      CONNECTION_TEST_TIMEOUT_MS: String(testTimeoutMs),
      CONNECTION_TEST_MEMORY_MB: '96',
      SCHEMA_SYNC_MEMORY_MB: '96',
      SCHEMA_SYNC_TIMEOUT_MS: String(syncTimeoutMs),
      SCHEMA_SYNC_RETRY_DELAY_SECONDS: '1',
    });
    app.token = await app.t.adminToken();
  });
  afterAll(() => app.t.close());

  const test = async (body: Record<string, unknown>): Promise<TestResult> => {
    const res = await app.t.request('POST', '/api/connections/test', {
      token: app.token,
      body: { host: '127.0.0.1', username: 'app', password: PASSWORD, ...body },
    });
    expect(res.status, res.body).toBe(201);
    expect(res.body).not.toContain(PASSWORD);
    // The API still answers: the process is alive and its event loop free.
    expect((await app.t.request('GET', '/api/health')).status).toBe(200);
    return res.json<{ data: TestResult }>().data;
  };
  const testPostgres = (port: number) => test({ dbType: 'postgresql', port, databaseName: 'x' });
  return { app, test, testPostgres };
}

/**
 * A flood ends when the driver's thread reaches its memory limit. These tests get the default
 * deadline: under a busy CI machine, 96 MB of rows once took longer than the 1.5 s the fuzzing
 * below uses, and the test then ended as a TIMEOUT, a different (and also correct) answer.
 */
const FLOOD_DEADLINE_MS = 10_000;

describe('rows without end from a target', () => {
  const { app, testPostgres } = appWith(FLOOD_DEADLINE_MS, 20_000);

  it('answering the test are RESPONSE_TOO_LARGE, before the deadline', async () => {
    await withPeer(startFakePostgres({ onQuery: flood }), async (peer) => {
      const started = Date.now();
      const result = await testPostgres(peer.port);
      expect(result).toMatchObject({ success: false, errorCode: 'RESPONSE_TOO_LARGE' });
      expect(Date.now() - started).toBeLessThan(FLOOD_DEADLINE_MS);
    });
  });

  it('answering the sync fail the sync with a clear message, once', async () => {
    await withPeer(startFakePostgres({ onQuery: flood }), async (peer) => {
      const created = await createConnection(app.t, {
        dbType: 'postgresql',
        host: '127.0.0.1',
        port: peer.port,
        databaseName: 'x',
        username: 'app',
        password: PASSWORD,
      });
      const done = await waitForSchema(app.t, created.id);
      expect(done.schemaStatus).toBe('failed');
      expect(done.schemaMessage).toContain('sent more than Sluice accepts');
      expect((await app.t.request('GET', '/api/health')).status).toBe(200);
    });
  });
});

describe('no byte sequence from a target ends or hangs Sluice', () => {
  const { test, testPostgres } = appWith(1500, 5000);

  it('an unknown authentication method (R 00000008 00000063) is a PROTOCOL_ERROR, not a crash', async () => {
    await withPeer(
      startFakePostgres({
        afterStartup: Buffer.from('520000000800000063', 'hex'),
      }),
      async (peer) => {
        const result = await testPostgres(peer.port);
        expect(result).toMatchObject({ success: false, errorCode: 'PROTOCOL_ERROR' });
        expect(result.message).toContain('could not read as PostgreSQL');
      },
    );
  });

  it('a row description claiming more fields than it sends is a PROTOCOL_ERROR', async () => {
    const lying = Buffer.concat([
      pgMessage('T', Buffer.from([0, 9, 0x61, 0])),
      PG.complete('SELECT 0'),
      PG.ready(),
    ]);
    await withPeer(
      startFakePostgres({ onQuery: (socket) => socket.write(lying) }),
      async (peer) => {
        const result = await testPostgres(peer.port);
        expect(result.success).toBe(false);
        expect(result.errorCode).toBe('PROTOCOL_ERROR');
      },
    );
  });

  /** A failed test with one of the codes a person is told about. */
  const expectAFailure = (result: TestResult) => {
    expect(result.success).toBe(false);
    expect(ERROR_CODES).toContain(result.errorCode);
  };

  const bytes = (seed: number, runs: number) =>
    fc
      .sample(fc.uint8Array({ minLength: 1, maxLength: 96 }), { seed, numRuns: runs })
      .map((a) => Buffer.from(a));

  it('random bytes at each step of a PostgreSQL login and query', async () => {
    const garbage = bytes(14, 4);
    for (const [i, junk] of garbage.entries()) {
      const step = i % 3;
      const peer = startFakePostgres({
        afterStartup: step === 0 ? junk : PG_LOGIN_OK,
        onQuery: (socket) =>
          socket.write(step === 1 ? junk : Buffer.concat([PG.rowDescription(['v']), junk])),
      });
      await withPeer(peer, async ({ port }) => expectAFailure(await testPostgres(port)));
    }
  });

  const peers: [
    string,
    Record<string, unknown>,
    (junk: Buffer) => Parameters<typeof startScriptedPeer>[0],
  ][] = [
    [
      'MySQL (the server speaks first)',
      { dbType: 'mysql', databaseName: 'x' },
      (junk) => ({ greeting: junk, steps: [junk] }),
    ],
    [
      'SQL Server (TDS)',
      { dbType: 'sqlserver', databaseName: 'x' },
      (junk) => ({ steps: [junk, junk] }),
    ],
    [
      'Oracle (TNS)',
      { dbType: 'oracle', databaseName: 'x', options: { serviceName: 'x' } },
      (junk) => ({ steps: [junk, junk] }),
    ],
    [
      'Snowflake (HTTPS)',
      { dbType: 'snowflake', databaseName: 'x', options: { account: 'xy1' } },
      (junk) => ({ tls: true, steps: [junk, junk] }),
    ],
    [
      'Databricks (HTTPS)',
      { dbType: 'databricks', options: { httpPath: '/sql/1.0/warehouses/x' } },
      (junk) => ({ tls: true, steps: [junk, junk] }),
    ],
  ];

  it.each(peers)(
    'random bytes from a %s peer are a failed test, and every socket is closed',
    async (_, body, script) => {
      for (const junk of bytes(20, 2)) {
        await withPeer(startScriptedPeer(script(junk)), async ({ port }) =>
          expectAFailure(await test({ ...body, port })),
        );
      }
    },
  );
});
