import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { createTestApp, type Reply, type TestApp } from '../support/test-app';
import { startSilentServer, type SilentServer } from '../support/silent-server';

const TOTAL = 6;
const PER_USER = 3;

describe('connection tests run through a bounded pool', () => {
  let t: TestApp;
  let silent: SilentServer;

  beforeAll(async () => {
    silent = await startSilentServer();
    t = await createTestApp({
      CONNECTION_TEST_TIMEOUT_MS: '3000',
      CONNECTION_TEST_CONCURRENCY: String(TOTAL),
      CONNECTION_TEST_CONCURRENCY_PER_USER: String(PER_USER),
    });
  });
  afterAll(async () => {
    await t.close();
    await silent.close();
  });

  it('40 hanging tests from four users: 3 each run, the rest answer 429, and the API stays responsive', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => t.userWithRole('contributor')));
    const settled: Reply[] = [];
    const tests = users.flatMap((user) =>
      Array.from({ length: 10 }, (_, i) =>
        t
          .request('POST', '/api/connections/test', {
            token: user.token,
            body: {
              dbType: 'postgresql',
              host: '127.0.0.1',
              port: silent.port,
              databaseName: 'app',
              username: 'app',
              password: `hanging-secret-${i}`,
            },
          })
          .then((reply) => {
            settled.push(reply);
            return reply;
          }),
      ),
    );

    // The pool is full: six tests hang on the silent server, six more wait for a slot.
    // The excess of each user is answered at once, while the admitted tests still hang.
    await waitUntil(() => silent.openSockets() === TOTAL && settled.length >= 4 * (10 - PER_USER));
    const refused = settled.filter((r) => r.status === 429);
    expect(refused).toHaveLength(4 * (10 - PER_USER));
    expect(settled).toHaveLength(refused.length);
    for (const reply of refused) {
      expect(reply.headers['retry-after']).toBe('1');
      expect(reply.headers['content-type']).toContain('application/problem+json');
      expect(reply.json<{ detail: string }>().detail).toContain(
        `${PER_USER} of your connection tests are already running`,
      );
    }

    // Meanwhile the rest of the API answers, before any hanging test has ended.
    const admin = await t.adminToken();
    const others = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.request('GET', i % 2 ? '/api/connections' : '/api/health', { token: admin }),
      ),
    );
    expect(others.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(settled.filter((r) => r.status !== 429)).toHaveLength(0);
    // Six tests hold the six slots; the six others wait without opening a socket.
    expect(silent.accepted()).toBe(TOTAL);

    const replies = await Promise.all(tests);
    const ran = replies.filter((r) => r.status !== 429);
    expect(ran.map((r) => r.status)).toEqual(ran.map(() => 201));
    expect(ran).toHaveLength(4 * PER_USER);
    for (const reply of ran) {
      expect(reply.json<{ data: TestResult }>().data).toMatchObject({
        success: false,
        errorCode: 'TIMEOUT',
      });
    }
    expect(silent.accepted()).toBe(4 * PER_USER);
    await waitUntil(() => silent.openSockets() === 0);
    expect(t.logs.join('\n')).not.toContain('hanging-secret');
  }, 30_000);
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
