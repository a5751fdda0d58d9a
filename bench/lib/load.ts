import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadJob } from './load-child';
import type { LatencyStats } from './stats';

/** What a child says: its measured load starts, or its statistics, or why it failed. */
interface ChildMessage {
  measuring?: true;
  stats?: LatencyStats;
  error?: string;
}

/**
 * Runs a load job in a child process and returns its latency statistics. `window` is told when
 * the measured calls start (after the warm-up) and end, to read other processes' CPU over them.
 */
export function loadFromChild(
  job: LoadJob,
  window?: { start(): void; end(): void },
): Promise<LatencyStats> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load-child.ts'), [], { execArgv: ['--import', 'tsx'] });
    child.on('message', (message: ChildMessage) => {
      if (message.measuring) return window?.start();
      window?.end();
      if (message.stats) resolve(message.stats);
      else reject(new Error(message.error ?? 'load failed'));
    });
    child.once('error', reject);
    child.send(job);
  });
}
