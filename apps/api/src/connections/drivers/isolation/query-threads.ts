import type { Worker } from 'node:worker_threads';
import type { ConnectionParams, QueryJob } from '../core/types';
import { spawn } from './driver-thread';
import type { QueryEnd, QueryMessage, QueryReply, QueryWorkerData } from './query-messages';

interface Pending {
  finish: (end: QueryEnd) => void;
  overdue: boolean;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * The threads queries run in: a few long-lived ones, each running many queries at once and
 * keeping their sessions. A query past its deadline ends its whole thread (and so every socket
 * it held); the other queries of that thread fail with it, and a new thread takes the next.
 */
export class QueryThreads {
  private readonly threads: (Thread | null)[];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly data: QueryWorkerData,
    private readonly heapMb: number,
    count: number,
  ) {
    this.threads = Array.from({ length: count }, () => null);
  }

  private start(slot: number): Thread {
    const worker = spawn(this.data, this.heapMb, 'query-worker');
    const thread: Thread = { worker, pending: new Map() };
    const endAll = (end: QueryEnd) => {
      if (this.threads[slot] === thread) this.threads[slot] = null;
      for (const pending of thread.pending.values())
        pending.finish(pending.overdue ? { kind: 'killed' } : end);
      thread.pending.clear();
    };
    worker.on('message', ({ id, reply }: { id: number; reply: QueryReply }) => {
      thread.pending.get(id)?.finish(reply);
      thread.pending.delete(id);
      if (thread.pending.size === 0) worker.unref();
    });
    worker.on('error', (error: Error & { code?: string }) =>
      endAll(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { kind: 'out_of_memory' }
          : { kind: 'crashed', message: error.message },
      ),
    );
    worker.on('exit', () =>
      endAll({ kind: 'crashed', message: 'the query thread ended with another query' }),
    );
    this.threads[slot] = thread;
    return thread;
  }

  /** The live thread with the fewest queries running, started when a slot is empty. */
  private pick(): Thread {
    let best: Thread | null = null;
    for (let slot = 0; slot < this.threads.length; slot++) {
      const thread = this.threads[slot] ?? this.start(slot);
      if (!best || thread.pending.size < best.pending.size) best = thread;
    }
    return best!;
  }

  run(
    connectionId: string,
    params: ConnectionParams,
    job: QueryJob,
    killAfterMs: number,
    signal?: AbortSignal,
  ): Promise<QueryEnd> {
    if (this.closed) return Promise.resolve({ kind: 'crashed', message: 'Sluice is stopping' });
    const thread = this.pick();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.overdue = true;
        // Ending the thread closes every socket it opened, this query's among them.
        void thread.worker.terminate();
      }, killAfterMs);
      const cancel = () => {
        const message: QueryMessage = { op: 'cancel', id };
        thread.worker.postMessage(message);
      };
      signal?.addEventListener('abort', cancel, { once: true });
      const pending: Pending = {
        overdue: false,
        finish: (end) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', cancel);
          resolve(end);
        },
      };
      thread.pending.set(id, pending);
      thread.worker.ref();
      const message: QueryMessage = { op: 'query', id, connectionId, params, job };
      thread.worker.postMessage(message);
    });
  }

  /** Closes the sessions kept for a connection, in every thread. */
  evict(connectionId: string): void {
    const message: QueryMessage = { op: 'evict', connectionId };
    for (const thread of this.threads) thread?.worker.postMessage(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => (t ? t.worker.terminate() : Promise.resolve(0))));
  }
}
