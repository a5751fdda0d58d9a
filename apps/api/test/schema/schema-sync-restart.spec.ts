import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaSync } from '@sluice/contracts';
import { childEnv } from '../support/child-env';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from '../support/test-app';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import {
  auditOf,
  catalogOf,
  createConnection,
  names,
  postgresCatalogTarget,
  waitForSchema,
} from '../support/schema-sync';

const workerScript = resolve(__dirname, '../../dist/src/worker.js');

/** `npm run worker` as a real process on the test's metadata database. */
function startWorker(t: TestApp): ChildProcess & { output: string[] } {
  if (!existsSync(workerScript)) {
    throw new Error(`${workerScript} is missing: run "npm run build" before this test`);
  }
  const child = spawn(process.execPath, [workerScript], {
    env: childEnv({
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sluice-worker-')),
      DATABASE_URL: t.config.databaseUrl ?? '',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'warn',
      SCHEMA_SYNC_RETRY_DELAY_SECONDS: '1',
      SCHEMA_SYNC_TIMEOUT_MS: '120000',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return Object.assign(child, { output });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('A schema sync whose worker process dies', () => {
  let t: TestApp;
  let gate: TcpProxy;
  let body: Record<string, unknown>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const target = await postgresCatalogTarget(`
      create table customers (id int primary key, name text);
      create table orders (id int primary key, customer_id int references customers(id));
    `);
    gate = await startTcpProxy(target.body.port, 'hold');
    // The retry delay is the sender's setting: pg-boss stores it on the job.
    t = await createTestApp({ SLUICE_ROLE: 'api', SCHEMA_SYNC_RETRY_DELAY_SECONDS: '1' });
    body = { ...target.body, port: gate.port };
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t.close();
    await gate.close();
  });

  it('is retried by another worker after the first one is killed mid-run', async () => {
    const created = await createConnection(t, body);

    const first = startWorker(t);
    children.push(first);
    const running = await waitForSchema(t, created.id, ['ingesting'], 60_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nworker output:\n${first.output.join('')}`);
      },
    );
    expect(running.schemaStatus).toBe('ingesting');

    first.kill('SIGKILL');
    await exited(first);
    await gate.setMode('forward');

    const second = startWorker(t);
    children.push(second);
    const ready = await waitForSchema(t, created.id, ['ready', 'failed'], 60_000);
    expect(ready.schemaStatus, `${ready.schemaMessage}\n${second.output.join('')}`).toBe('ready');
    expect(names(await catalogOf(t, created.id))).toEqual(['public.customers', 'public.orders']);

    // The second worker found the killed attempt, audited it, and ran attempt 2 of the same job.
    const runs = await auditOf(t, created.id, 'connections:schema_sync');
    expect(runs.map((r) => [r.details.outcome, r.details.attempt, r.details.reason])).toEqual([
      ['retrying', 1, 'worker_stopped'],
      ['ready', 2, undefined],
    ]);
    const job = await t.request('GET', `/api/connections/${created.id}/schema/sync`, {
      token: await t.adminToken(),
    });
    expect(job.json<{ data: SchemaSync }>().data).toMatchObject({ state: 'completed', attempt: 2 });

    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  }, 120_000);
});
