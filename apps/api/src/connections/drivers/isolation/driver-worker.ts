import { parentPort, workerData } from 'node:worker_threads';
import { DriverRegistry } from '../driver-registry';
import { loadDriver } from './driver-loaders';
import { NetworkPolicy } from '../network-policy';
import { guardThread } from './thread-guards';
import { IntrospectionError } from '../introspection';
import { scrubSecrets } from '../test-run';
import type { DriverJob, DriverReply, DriverWorkerData } from './worker-messages';

/**
 * A driver worker: one thread per test or sync, ended when its job is done. Whatever a
 * target's bytes do to a driver here (a parser that throws, rows without end, a regex that
 * never returns) ends this thread, never the API.
 */
const port = parentPort;
if (!port) throw new Error('driver-worker runs as a worker thread');
const { config } = workerData as DriverWorkerData;
guardThread(new NetworkPolicy(config));
const post = (reply: DriverReply) => port.postMessage(reply);

async function run(job: DriverJob): Promise<DriverReply> {
  const registry = new DriverRegistry([loadDriver(job.params.dbType, config)]);
  if (job.op === 'test') {
    return { kind: 'tested', result: await registry.test(job.params, job.deadlineMs) };
  }
  const objects = await registry.introspect(job.params, {
    timeoutMs: job.timeoutMs,
    connectTimeoutMs: job.connectTimeoutMs,
    onObjectsListed: (total) => post({ kind: 'listed', total }),
  });
  if (objects.length > job.maxObjects) {
    throw new IntrospectionError(
      {
        errorCode: 'RESPONSE_TOO_LARGE',
        message: `The catalog has ${objects.length} tables and views, more than this Sluice reads (${job.maxObjects})`,
        hint: 'Narrow it with the schema include and exclude patterns, or ask an admin to raise SCHEMA_SYNC_MAX_OBJECTS.',
      },
      false,
    );
  }
  return { kind: 'catalog', objects };
}

port.once('message', (job: DriverJob) => {
  run(job).then(post, (error: unknown) => {
    if (error instanceof IntrospectionError) {
      post({ kind: 'failed', failure: error.failure, transient: error.transient });
    } else {
      const text = error instanceof Error ? error.message : String(error);
      post({ kind: 'crashed', message: scrubSecrets(text, [job.params.password]) });
    }
  });
});
