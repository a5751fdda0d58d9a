/**
 * The rest of the API while 40 connection tests hang on a silent server (four users, ten each):
 * GET /api/connections before and during, from a separate process, with the ratio.
 */
import { createServer, type Socket } from 'node:net';
import { loadFromChild } from './lib/load';
import { startBenchSluice, type BenchSluice } from './lib/sluice';
import { ms, ratio } from './lib/stats';

const USERS = 4;
const TESTS_PER_USER = 10;

async function silentServer() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function userToken(sluice: BenchSluice, i: number): Promise<string> {
  const email = `tester-${i}@bench.sluice`;
  const password = `tester-password-${i}`;
  const headers = { authorization: `Bearer ${sluice.token}`, 'content-type': 'application/json' };
  const created = await fetch(`${sluice.baseUrl}/api/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, name: `Tester ${i}`, role: 'contributor', password }),
  });
  if (created.status !== 201) throw new Error(`user ${i}: ${created.status}`);
  const login = await fetch(`${sluice.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
}

export async function runHangingTestsBench(): Promise<void> {
  const sluice = await startBenchSluice({ CONNECTION_TEST_TIMEOUT_MS: '60000' });
  const silent = await silentServer();
  try {
    const tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => userToken(sluice, i)));
    const list = {
      mode: 'http' as const,
      target: `${sluice.baseUrl}/api/connections`,
      token: sluice.token,
      query: '',
      total: 1000,
      concurrency: 10,
      warmup: 100,
    };
    const before = await loadFromChild(list);
    const statuses: number[] = [];
    const hanging = tokens.flatMap((token) =>
      Array.from({ length: TESTS_PER_USER }, () =>
        fetch(`${sluice.baseUrl}/api/connections/test`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            dbType: 'postgresql',
            host: '127.0.0.1',
            port: silent.port,
            username: 'x',
            password: 'hanging-password',
          }),
        })
          .then((res) => statuses.push(res.status))
          .catch(() => undefined),
      ),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const during = await loadFromChild(list);
    const refused = statuses.filter((s) => s === 429).length;
    console.log(
      `GET /api/connections, 10 concurrent clients, 1,000 requests: before, and while ${USERS * TESTS_PER_USER} connection tests hang (${refused} answered 429 at once, the rest hold their slots)`,
    );
    console.log('phase   | p50        | p99        | req/s  | p50 ratio');
    for (const [label, stats] of [
      ['before', before],
      ['during', during],
    ] as const) {
      console.log(
        [
          label.padEnd(7),
          ms(stats.p50).padStart(10),
          ms(stats.p99).padStart(10),
          stats.perSecond.toFixed(0).padStart(6),
          ratio(stats.p50, before.p50).padStart(9),
        ].join(' | '),
      );
    }
    await silent.close();
    await Promise.all(hanging);
  } finally {
    await silent.close().catch(() => undefined);
    await sluice.stop();
  }
}
