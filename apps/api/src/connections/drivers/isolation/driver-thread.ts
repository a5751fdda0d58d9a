import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchTaken, DriverJob, DriverReply, DriverWorkerData } from './worker-messages';

/** How a job ended: the worker's answer, or what became of the thread. */
export type ThreadEnd =
  Exclude<DriverReply, Progress> | { kind: 'killed' } | { kind: 'out_of_memory' };

/** What a thread says while its job runs: a sync's count of tables, a test's stages. */
export type Progress = Extract<
  DriverReply,
  { kind: 'listed' } | { kind: 'stage' } | { kind: 'objects' }
>;

/** A thread running `entry` (a file of this folder, without extension) under a heap limit. */
export function spawn(data: unknown, heapMb: number, entry = 'driver-worker'): Worker {
  const ENTRY_JS = join(__dirname, `${entry}.js`);
  const ENTRY_TS = join(__dirname, `${entry}.ts`);
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

/** Clean threads kept for the next job, at most. */
const DEFAULT_MAX_IDLE = 4;
/** How long a thread may take to say whether its job left anything open. */
const SETTLE_MS = 2000;

/**
 * The threads jobs run in. A thread that crashed, ran out of memory or outlived its deadline
 * is ended, which closes whatever it had open; one whose job left nothing open is kept for
 * the next job. One spare is kept started, so that a job seldom waits for a thread to load.
 */
export class DriverThreads {
  private readonly idle: Worker[] = [];
  /** A started thread waiting for a job; null when none is, or when it died waiting. */
  private spare: Worker | null = null;
  private closed = false;
  private spawned = 0;

  /** `reuse`: keep clean threads for the next job (tests); syncs end theirs, and its heap. */
  constructor(
    private readonly data: DriverWorkerData,
    private readonly heapMb: number,
    private readonly reuse = true,
    /** Clean threads kept for the next job: as many as run at once, so none is started again. */
    private readonly maxIdle = DEFAULT_MAX_IDLE,
  ) {}

  /** Threads started so far: with clean jobs, far fewer than jobs run. */
  get started(): number {
    return this.spawned;
  }

  private start(): Worker {
    this.spawned += 1;
    return spawn(this.data, this.heapMb);
  }

  private take(): Worker {
    const ready = this.idle.pop() ?? this.spare;
    if (ready === this.spare) this.spare = null;
    if (!this.closed) setImmediate(() => this.keepSpare());
    if (ready) {
      ready.ref();
      return ready;
    }
    return this.start();
  }

  private keepSpare(): void {
    if (this.closed || this.spare || this.idle.length > 0) return;
    const spare = this.start();
    spare.unref();
    this.spare = spare;
    spare.once('exit', () => {
      if (this.spare === spare) this.spare = null;
    });
  }

  /** Keeps a thread whose job left nothing open for the next job, or ends it. */
  private release(worker: Worker): void {
    const end = () => {
      clearTimeout(timer);
      worker.removeAllListeners('message');
      void worker.terminate();
    };
    const timer = setTimeout(end, SETTLE_MS);
    worker.on('message', (reply: DriverReply) => {
      if (reply.kind !== 'settled') return end();
      if (!reply.clean || !this.reuse || this.closed || this.idle.length >= this.maxIdle)
        return end();
      clearTimeout(timer);
      // Idle again: only the listeners of a thread that waits.
      for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
      worker.on('error', () => undefined);
      worker.once('exit', () => {
        const at = this.idle.indexOf(worker);
        if (at >= 0) this.idle.splice(at, 1);
      });
      worker.unref();
      this.idle.push(worker);
    });
  }

  /** Runs `job` in a thread: its answer, or what became of the thread within `killAfterMs`. */
  run(
    job: DriverJob,
    killAfterMs: number,
    /** Hears what the thread says while it works; `tell` answers it (a batch taken). */
    onProgress: (progress: Progress, tell: (message: BatchTaken) => void) => void = () => undefined,
    signal?: AbortSignal,
  ): Promise<ThreadEnd> {
    const worker = this.take();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (end: ThreadEnd, answered: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.removeAllListeners('message');
        if (answered) {
          this.release(worker);
          resolve(end);
          return;
        }
        // Ending the thread closes every socket, file and timer it opened.
        worker.terminate().then(
          () => resolve(end),
          () => resolve(end),
        );
      };
      const kill = () => finish({ kind: 'killed' }, false);
      const timer = setTimeout(kill, killAfterMs);
      signal?.addEventListener('abort', kill, { once: true });
      worker.on('message', (reply: DriverReply) => {
        if (reply.kind === 'listed' || reply.kind === 'stage' || reply.kind === 'objects')
          onProgress(reply, (message) => {
            if (!settled) worker.postMessage(message);
          });
        else if (reply.kind !== 'settled') finish(reply, reply.kind !== 'crashed');
      });
      worker.on('error', (error: Error & { code?: string }) =>
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { kind: 'out_of_memory' }
            : { kind: 'crashed', message: error.message },
          false,
        ),
      );
      worker.on('exit', () =>
        finish({ kind: 'crashed', message: 'the driver thread ended' }, false),
      );
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = [...this.idle.splice(0), ...(this.spare ? [this.spare] : [])];
    this.spare = null;
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
