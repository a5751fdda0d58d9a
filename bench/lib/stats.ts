import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  perSecond: number;
  /** The load generator's own CPU over the calls, when it measured it. */
  cpuMs?: number;
}

export function summarize(latenciesMs: number[], wallMs: number): LatencyStats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    perSecond: (sorted.length / wallMs) * 1000,
  };
}

/** Runs `total` calls of `work` with `concurrency` callers at once; returns each call's latency. */
export async function load(
  total: number,
  concurrency: number,
  work: () => Promise<void>,
): Promise<LatencyStats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next += 1;
      const t0 = performance.now();
      await work();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(latencies, performance.now() - started);
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;

/** The median time of `iterations` sequential runs, after a tenth as many warm-up runs. */
export async function median(iterations: number, run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.max(3, iterations / 10); i++) await run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * CPU time (user and system) of every process named `name`, from /proc, in ms: with what the
 * ones that ended spent, which their parent (PostgreSQL's postmaster) counts as its children's.
 */
export function cpuOfProcesses(name: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended meanwhile.
    }
  }
  // Linux reports ticks of 1/100 s (USER_HZ) on every architecture Node runs on.
  return ticks * 10;
}

/** Peak and current resident memory of a process, from /proc, in MB. */
export function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** Starts a new high-water mark of the process's RSS (Linux: `clear_refs` 5 resets VmHWM). */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
