/**
 * `npm run bench -- health`: 1,000 connections checked every 5 minutes against loopback targets
 * (a third up: the bench's own PostgreSQL; a third refused: a closed port; a third silent: a
 * server that accepts and never answers, so each of those checks waits out its deadline). It
 * measures the checks' throughput, GET /api/connections' p99 while they run beside the same
 * figure before they start (same run), and that every connection was checked once per interval.
 * BENCH_CONNECTIONS and BENCH_INTERVAL_ROUNDS shrink or lengthen it.
 */
import { createServer, type Socket } from 'node:net';
import { loadFromChild } from './lib/load';
import { ms, ratio } from './lib/stats';
import { startBenchSluice } from './lib/sluice';

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 1000);
const INTERVAL_S = 300;
const CONCURRENCY = Number(process.env['BENCH_HEALTH_CONCURRENCY'] ?? 32);
const LIST_LOAD = { total: 1_000, concurrency: 10, warmup: 300 };

async function silentServer(): Promise<{ port: number; close(): void }> {
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
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

export async function runHealthBench(): Promise<void> {
  const sluice = await startBenchSluice({
    HEALTH_CHECK_CONCURRENCY: String(CONCURRENCY),
    CONNECTION_TEST_TIMEOUT_MS: '5000',
  });
  const silent = await silentServer();
  try {
    const pg = new URL(sluice.databaseUrl);
    const ports = [Number(pg.port), await closedPort(), silent.port];
    // Created disabled (no sync is queued), with checks off: the baseline runs without them.
    for (let i = 0; i < CONNECTIONS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, CONNECTIONS - i) }, async (_, k) => {
          const n = i + k;
          const res = await fetch(`${sluice.baseUrl}/api/connections`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${sluice.token}`,
            },
            body: JSON.stringify({
              name: `Health ${n}`,
              dbType: 'postgresql',
              host: '127.0.0.1',
              port: ports[n % 3],
              databaseName: 'sluice',
              username: decodeURIComponent(pg.username),
              password: decodeURIComponent(pg.password),
              syncSchedule: 'off',
              healthCheckInterval: 'off',
              isActive: false,
            }),
          });
          if (res.status !== 201) throw new Error(`create: HTTP ${res.status} ${await res.text()}`);
        }),
      );
    }
    await sluice.pool.query(`update data_connections set is_active = true`);
    const list = () =>
      loadFromChild({
        ...LIST_LOAD,
        query: '',
        mode: 'http',
        target: `${sluice.baseUrl}/api/connections`,
        token: sluice.token,
      });
    const before = await list();
    const started = Date.now();
    await sluice.pool.query(
      `update data_connections set health_check_interval = '5m', next_check_at = null`,
    );
    const during: Awaited<ReturnType<typeof list>>[] = [];
    // One whole interval (each connection's place in it is spread by its id), and a margin.
    while (Date.now() - started < (INTERVAL_S + 20) * 1000) during.push(await list());
    const elapsedS = (Date.now() - started) / 1000;
    const { rows } = await sluice.pool.query<{
      checks: number;
      checked: number;
      early: number;
      never: number;
      up_ms: number;
      refused_ms: number;
      silent_ms: number;
    }>(
      `with gaps as (
         select connection_id, latency_ms,
                extract(epoch from checked_at - lag(checked_at) over w) as gap
           from health_checks window w as (partition by connection_id order by checked_at)),
       per as (
         select c.id, c.port, count(g.*)::int as n, avg(g.latency_ms) as ms,
                min(g.gap) as min_gap
           from data_connections c left join gaps g on g.connection_id = c.id
          group by c.id, c.port)
       select sum(n)::int as checks,
              count(*) filter (where n > 0)::int as checked,
              count(*) filter (where min_gap < ${INTERVAL_S - 10})::int as early,
              count(*) filter (where n = 0)::int as never,
              round(avg(ms) filter (where port = $1))::int as up_ms,
              round(avg(ms) filter (where port = $2))::int as refused_ms,
              round(avg(ms) filter (where port = $3))::int as silent_ms
         from per`,
      ports,
    );
    const r = rows[0]!;
    const p99During = Math.max(...during.map((d) => d.p99));
    const p50During = during.reduce((sum, d) => sum + d.p50, 0) / during.length;
    console.log(
      `${CONNECTIONS} connections every 5 min (a third up, refused, silent; deadline 5 s; HEALTH_CHECK_CONCURRENCY=${CONCURRENCY})`,
    );
    console.log(
      `checks: ${r.checks} in ${elapsedS.toFixed(0)} s (${(r.checks / elapsedS).toFixed(2)}/s); connections checked: ${r.checked}, never: ${r.never}, checked twice within one interval: ${r.early}`,
    );
    console.log(
      `mean check latency: up ${r.up_ms} ms, refused ${r.refused_ms} ms, silent ${r.silent_ms} ms`,
    );
    console.log(
      `GET /api/connections (10 clients): before p50 ${ms(before.p50)} p99 ${ms(before.p99)}; during p50 ${ms(p50During)} worst p99 ${ms(p99During)} over ${during.length} runs; p99 ratio ${ratio(p99During, before.p99)}`,
    );
  } finally {
    silent.close();
    await sluice.stop();
  }
}
