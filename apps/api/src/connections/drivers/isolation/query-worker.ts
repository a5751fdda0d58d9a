import { parentPort, workerData } from 'node:worker_threads';
import type { DbType } from '@sluice/contracts';
import { DriverRegistry } from '../core/driver-registry';
import { QueryError } from '../core/query';
import { SessionPool } from '../core/session-pool';
import { scrubSecrets } from '../core/error-text';
import { NetworkPolicy } from '../../network/network-policy';
import { loadDriver } from './driver-loaders';
import { guardThread } from './thread-guards';
import type { QueryMessage, QueryReply, QueryWorkerData } from './query-messages';

/**
 * A query thread: it runs many queries at once and keeps their target sessions open between
 * them, each for a bounded time. Whatever a target's bytes do to a driver here ends this thread
 * (and every session in it), never the API; its heap is bounded like a test thread's.
 */
const port = parentPort;
if (!port) throw new Error('query-worker runs as a worker thread');
const { config, sessionIdleMs } = workerData as QueryWorkerData;
guardThread(new NetworkPolicy(config));
const pool = new SessionPool(sessionIdleMs);
const registries = new Map<DbType, DriverRegistry>();
/** The running queries, to cancel on request. */
const running = new Map<number, AbortController>();

function registryOf(type: DbType): DriverRegistry {
  let registry = registries.get(type);
  if (!registry) registries.set(type, (registry = new DriverRegistry([loadDriver(type, config)])));
  return registry;
}

port.on('message', (message: QueryMessage) => {
  if (message.op === 'evict') return pool.evict(message.connectionId);
  if (message.op === 'cancel') return running.get(message.id)?.abort();
  const { id, connectionId, params, job } = message;
  // A write credential's session is never kept: each write has its own.
  const sessions = job.write ? undefined : pool.bind(SessionPool.keyOf(connectionId, params));
  const post = (reply: QueryReply) => {
    running.delete(id);
    port.postMessage({ id, reply });
  };
  const cancel = new AbortController();
  running.set(id, cancel);
  registryOf(params.dbType)
    .query(params, { ...job, signal: cancel.signal }, sessions)
    .then(
      ({ columns, rows, truncated, affectedRows }) =>
        // One string crosses to the API: cheaper than cloning every value, and already JSON.
        post({
          kind: 'rows',
          result: {
            columns,
            rowsJson: JSON.stringify(rows),
            rowCount: rows.length,
            truncated,
            affectedRows,
          },
        }),
      (error: unknown) => {
        if (error instanceof QueryError)
          return post({ kind: 'query_failed', failure: error.failure });
        const text = error instanceof Error ? error.message : String(error);
        post({ kind: 'crashed', message: scrubSecrets(text, [params.password]) });
      },
    );
});
