import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadJob } from './load-child';
import type { LatencyStats } from './stats';

/** Runs a load job in a child process and returns its latency statistics. */
export function loadFromChild(job: LoadJob): Promise<LatencyStats> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load-child.ts'), [], { execArgv: ['--import', 'tsx'] });
    child.once('message', (message: { stats?: LatencyStats; error?: string }) => {
      if (message.stats) resolve(message.stats);
      else reject(new Error(message.error ?? 'load failed'));
    });
    child.once('error', reject);
    child.send(job);
  });
}
