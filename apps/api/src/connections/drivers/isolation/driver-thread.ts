import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DriverJob, DriverReply, DriverWorkerData } from './worker-messages';

/** How a job ended: the worker's answer, or what became of the thread. */
export type ThreadEnd =
  Exclude<DriverReply, { kind: 'listed' }> | { kind: 'killed' } | { kind: 'out_of_memory' };

const ENTRY_JS = join(__dirname, 'driver-worker.js');
const ENTRY_TS = join(__dirname, 'driver-worker.ts');

function spawn(data: DriverWorkerData, heapMb: number): Worker {
  const options = {
    workerData: data,
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: Math.max(8, Math.min(32, Math.round(heapMb / 8))),
      stackSizeMb: 4,
    },
  };
  const worker = existsSync(ENTRY_JS)
    ? new Worker(ENTRY_JS, options)
    : // From the sources (the test runner): the thread compiles its TypeScript as it loads it.
      new Worker(`require('tsx/cjs'); require(${JSON.stringify(ENTRY_TS)});`, {
        ...options,
        eval: true,
      });
  worker.on('error', () => undefined); // a spare that dies waiting is simply not used
  return worker;
}

/**
 * Threads that each run one job and are then ended, so nothing a target did to one can reach
 * the next. One spare is kept started once the first job has run, so that a test does not
 * wait for a thread to load.
 */
export class DriverThreads {
  /** A started thread waiting for a job; null when none is, or when it died waiting. */
  private spare: Worker | null = null;
  private closed = false;

  constructor(
    private readonly data: DriverWorkerData,
    private readonly heapMb: number,
  ) {}

  private take(): Worker {
    const ready = this.spare;
    this.spare = null;
    if (!this.closed) setImmediate(() => this.keepSpare());
    if (ready) {
      ready.ref();
      return ready;
    }
    return spawn(this.data, this.heapMb);
  }

  private keepSpare(): void {
    if (this.closed || this.spare) return;
    const spare = spawn(this.data, this.heapMb);
    spare.unref();
    this.spare = spare;
    spare.once('exit', () => {
      if (this.spare === spare) this.spare = null;
    });
  }

  /** Runs `job` in a thread and ends the thread once it answered, failed, crashed or outlived `killAfterMs`. */
  run(
    job: DriverJob,
    killAfterMs: number,
    onListed: (total: number) => void = () => undefined,
  ): Promise<ThreadEnd> {
    const worker = this.take();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (end: ThreadEnd) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.removeAllListeners('message');
        // Ending the thread closes every socket, file and timer it opened.
        worker.terminate().then(
          () => resolve(end),
          () => resolve(end),
        );
      };
      const timer = setTimeout(() => finish({ kind: 'killed' }), killAfterMs);
      worker.on('message', (reply: DriverReply) => {
        if (reply.kind === 'listed') onListed(reply.total);
        else finish(reply);
      });
      worker.on('error', (error: Error & { code?: string }) =>
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { kind: 'out_of_memory' }
            : { kind: 'crashed', message: error.message },
        ),
      );
      worker.on('exit', () => finish({ kind: 'crashed', message: 'the driver thread ended' }));
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = null;
    await spare?.terminate();
  }
}
