import { getHeapStatistics } from 'node:v8';
import type { CatalogObject, TestStage } from '@sluice/contracts';
import { closeAllTunnels } from '../tunnel/ssh-tunnel';
import { parentPort, workerData } from 'node:worker_threads';
import { DriverRegistry } from '../core/driver-registry';
import { loadDriver } from './driver-loaders';
import { NetworkPolicy } from '../../network/network-policy';
import { guardThread } from './thread-guards';
import { IntrospectionError } from '../core/introspection';
import { QueryError } from '../core/query';
import { scrubSecrets } from '../core/error-text';
import { HeapBudget } from '../../../common/heap-budget';
import type { BatchTaken, DriverJob, DriverReply, DriverWorkerData } from './worker-messages';

/**
 * A driver worker. Whatever a target's bytes do to a driver here (a parser that throws, rows
 * without end, a regex that never returns) ends this thread, never the API. After each job the
 * thread says whether the job left anything open (a socket, a timer, a lookup) or grew its heap
 * past half its limit; only a clean thread is given another job, any other is ended.
 */
const port = parentPort;
if (!port) throw new Error('driver-worker runs as a worker thread');
const { config } = workerData as DriverWorkerData;
guardThread(new NetworkPolicy(config));
const post = (reply: DriverReply) => port.postMessage(reply);

async function run(job: DriverJob): Promise<DriverReply> {
  const registry = new DriverRegistry([loadDriver(job.params.dbType, config)]);
  if (job.op === 'test') {
    const onStage = (stage: TestStage) => post({ kind: 'stage', stage });
    return { kind: 'tested', result: await registry.test(job.params, job.deadlineMs, onStage) };
  }
  if (job.op === 'query') {
    const { columns, rows, truncated } = await registry.query(job.params, job.job);
    const rowsJson = JSON.stringify(rows);
    return { kind: 'rows', result: { columns, rowsJson, rowCount: rows.length, truncated } };
  }
  return { kind: 'catalog', total: await streamCatalog(registry, job) };
}

/** The heap a read lets handed batches take before they are collected (see HeapBudget). */
const READ_HEAP_BUDGET_MB = 64;
/** Objects per batch handed to the API when a driver reads its catalog whole. */
const BATCH = 1000;
/** Resolves when the API has taken the batch last posted. */
let taken: (() => void) | null = null;

/**
 * Reads the catalog and hands it to the API in batches, each posted once the one before was
 * taken: the thread reads at most one batch ahead of the one being written (PostgreSQL reads by
 * batches too; the other drivers read whole, then hand over). Refused past `maxObjects`.
 */
async function streamCatalog(
  registry: DriverRegistry,
  job: Extract<DriverJob, { op: 'introspect' }>,
): Promise<number> {
  let handed = 0;
  const heap = new HeapBudget(READ_HEAP_BUDGET_MB);
  const tooMany = (total: number) =>
    new IntrospectionError(
      {
        errorCode: 'RESPONSE_TOO_LARGE',
        message: `The catalog has ${total} tables and views, more than this Sluice reads (${job.maxObjects})`,
        hint: 'Narrow it with the schema include and exclude patterns, or ask an admin to raise SCHEMA_SYNC_MAX_OBJECTS.',
      },
      false,
    );
  let listed = 0;
  const hand = async (objects: CatalogObject[]) => {
    if (listed > job.maxObjects) throw tooMany(listed);
    if (handed + objects.length > job.maxObjects) throw tooMany(handed + objects.length);
    handed += objects.length;
    const wait = new Promise<void>((resolve) => (taken = resolve));
    post({ kind: 'objects', json: JSON.stringify(objects) });
    await wait;
    heap.reclaim();
  };
  const rest = await registry.introspect(job.params, {
    timeoutMs: job.timeoutMs,
    connectTimeoutMs: job.connectTimeoutMs,
    onObjectsListed: (total) => {
      listed = total;
      post({ kind: 'listed', total });
    },
    onBatch: hand,
  });
  if (listed > job.maxObjects || rest.length > job.maxObjects)
    throw tooMany(Math.max(listed, rest.length));
  for (let start = 0; start < rest.length; start += BATCH)
    await hand(rest.slice(start, start + BATCH));
  return handed;
}

/** Jobs a thread runs before it is ended anyway, whatever they left. */
const MAX_JOBS = 200;
let jobs = 0;

/** What the job left open: sockets, timers, lookups (the port to the API is the thread's own). */
const leftOpen = () => process.getActiveResourcesInfo().filter((r) => r !== 'MessagePort');

/** Nothing left open once the closes under way have run their course, and the heap not grown. */
async function isClean(): Promise<boolean> {
  for (let i = 0; i < 100 && leftOpen().length > 0; i++)
    await new Promise((resolve) => setImmediate(resolve));
  const heap = getHeapStatistics();
  return (
    leftOpen().length === 0 && heap.used_heap_size < heap.heap_size_limit / 2 && jobs < MAX_JOBS
  );
}

port.on('message', (message: DriverJob | BatchTaken) => {
  if ('taken' in message) {
    taken?.();
    taken = null;
    return;
  }
  const job = message;
  jobs += 1;
  void run(job)
    .then(post, (error: unknown) => {
      if (error instanceof QueryError) {
        post({ kind: 'query_failed', failure: error.failure });
      } else if (error instanceof IntrospectionError) {
        post({ kind: 'failed', failure: error.failure, transient: error.transient });
      } else {
        const text = error instanceof Error ? error.message : String(error);
        const tunnel = job.params.sshTunnel;
        const secrets = [job.params.password, tunnel?.password, tunnel?.passphrase];
        post({ kind: 'crashed', message: scrubSecrets(text, secrets) });
      }
    })
    // A tunnel a session left (its driver closed its sockets, or never connected) ends with the job.
    .then(closeAllTunnels)
    .then(isClean)
    .then((clean) => post({ kind: 'settled', clean }));
});
