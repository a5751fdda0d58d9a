import { GCProfiler } from 'node:v8';

interface Spaces {
  heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[];
}
interface Collection {
  gcType: string;
  cost: number;
  beforeGC: Spaces;
  afterGC: Spaces;
}

const oldBytes = (s: Spaces) =>
  s.heapSpaceStatistics
    .filter((x) => x.spaceName === 'old_space' || x.spaceName === 'large_object_space')
    .reduce((sum, x) => sum + x.spaceUsedSize, 0);

/**
 * This process's garbage collections over a window: how much the old generation filled toward
 * its next full collection (what young collections promoted, and what was made old directly:
 * pretenured objects and large ones, read between collections), and the full collections
 * (mark-compacts), whose pauses are where a load's slowest calls gather.
 */
export function recordCollections(): { stop(calls: number): string } {
  const profiler = new GCProfiler();
  profiler.start();
  return {
    stop(calls) {
      const { statistics } = profiler.stop() as unknown as { statistics: Collection[] };
      const young = statistics.filter((c) => c.gcType === 'Scavenge');
      const promoted = young.reduce(
        (sum, c) => sum + oldBytes(c.afterGC) - oldBytes(c.beforeGC),
        0,
      );
      let madeOld = 0;
      for (let i = 1; i < statistics.length; i++)
        madeOld += Math.max(
          0,
          oldBytes(statistics[i]!.beforeGC) - oldBytes(statistics[i - 1]!.afterGC),
        );
      const kB = (bytes: number) => `${(bytes / 1024 / calls).toFixed(1)} kB`;
      const full = statistics.filter((c) => c.gcType === 'MarkSweepCompact');
      const pauses = full.map((c) => `${(c.cost / 1000).toFixed(0)} ms`).join(', ');
      return `old gen +${kB(promoted + madeOld)}/call (${kB(promoted)} promoted), ${full.length} full${full.length ? ` (${pauses})` : ''}`;
    },
  };
}
