/**
 * What Sluice's POST /api/connections/test costs beside the raw driver's connect + SELECT 1,
 * against the same local PostgreSQL and MariaDB in the same run, one call at a time.
 */
import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import { hasMariadb, startMariadb } from '@sluice/api/test-support';
import { DriverRegistry, createDrivers, toConnectionParams } from '@sluice/api/internals';
import { startBenchSluice } from './lib/sluice';
import { ms, ratio } from './lib/stats';

const ITERATIONS = 200;

async function median(run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 10; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function runTestOverheadBench(): Promise<void> {
  const sluice = await startBenchSluice();
  const mariadb = hasMariadb ? await startMariadb() : undefined;
  try {
    const pgUrl = new URL(sluice.serverUrl);
    const targets = [
      {
        label: 'PostgreSQL',
        body: {
          dbType: 'postgresql' as const,
          host: pgUrl.hostname,
          port: Number(pgUrl.port),
          databaseName: 'postgres',
          username: decodeURIComponent(pgUrl.username),
          password: decodeURIComponent(pgUrl.password),
        },
        raw: async () => {
          const client = new Client({ connectionString: sluice.serverUrl });
          await client.connect();
          await client.query('SELECT 1');
          await client.end();
        },
      },
      ...(mariadb
        ? [
            {
              label: 'MariaDB',
              body: {
                dbType: 'mysql' as const,
                host: mariadb.host,
                port: mariadb.port,
                databaseName: 'shop',
                username: mariadb.admin.username,
                password: mariadb.admin.password,
              },
              raw: async () => {
                const connection = await createConnection({
                  host: mariadb.host,
                  port: mariadb.port,
                  user: mariadb.admin.username,
                  password: mariadb.admin.password,
                  database: 'shop',
                });
                await connection.query('SELECT 1');
                await connection.end();
              },
            },
          ]
        : []),
    ];
    if (!mariadb)
      console.log(
        '(MariaDB is not installed: only PostgreSQL is measured; apt-get install mariadb-server)',
      );
    console.log(
      `POST /api/connections/test vs the raw driver's connect + SELECT 1 — ${ITERATIONS} calls each, one at a time`,
    );
    console.log(
      '(driver alone: the Sluice driver called in process, with its version and privilege queries, without HTTP, sign-in or audit)',
    );
    console.log('target     | Sluice median | driver alone | raw median | ratio | ≤ 1.1');
    // The drivers in this thread, without the driver thread Sluice runs each test in.
    const drivers = new DriverRegistry(createDrivers(sluice.config));
    for (const target of targets) {
      const viaSluice = await median(async () => {
        const res = await fetch(`${sluice.baseUrl}/api/connections/test`, {
          method: 'POST',
          headers: { authorization: `Bearer ${sluice.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(target.body),
        });
        const result = (await res.json()) as { data: { success: boolean; message: string } };
        if (!result.data.success) throw new Error(`${target.label}: ${result.data.message}`);
      });
      const params = toConnectionParams(
        { ...target.body, useSsl: false, options: {} },
        { password: target.body.password },
      );
      const driverAlone = await median(async () => {
        const result = await drivers.test(params, sluice.config.connectionTestTimeoutMs);
        if (!result.success) throw new Error(`${target.label}: ${result.message}`);
      });
      const raw = await median(target.raw);
      console.log(
        [
          target.label.padEnd(10),
          ms(viaSluice).padStart(13),
          ms(driverAlone).padStart(12),
          ms(raw).padStart(10),
          ratio(viaSluice, raw).padStart(5),
          viaSluice / raw <= 1.1 ? 'yes' : 'NO',
        ].join(' | '),
      );
    }
  } finally {
    await mariadb?.stop();
    await sluice.stop();
  }
}
