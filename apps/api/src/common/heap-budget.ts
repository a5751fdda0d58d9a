import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A long job's hold on the heap, bounded: V8 promotes a batch that lives across a database round
 * trip to the old generation and collects it only once that generation has grown a few times its
 * live size, so a sync of 100,000 tables left 250 MB of written batches in the heap. Past the
 * budget, `reclaim()` collects them at once (a full collection: tens of milliseconds, a few times
 * per large sync, never for a small one).
 */
const MB = 1024 * 1024;

export class HeapBudget {
  private static collect: (() => void) | null = null;

  private threshold: number;

  constructor(private readonly budgetMb: number) {
    this.threshold = budgetMb * MB;
  }

  /**
   * Collects when the heap holds more than the budget. What is still live after a collection
   * (other jobs of the process) raises the next threshold, so a heap that is big for good
   * reasons is not collected after every batch.
   */
  reclaim(): boolean {
    if (getHeapStatistics().used_heap_size < this.threshold) return false;
    HeapBudget.collect ??= HeapBudget.collector();
    HeapBudget.collect();
    const live = getHeapStatistics().used_heap_size;
    this.threshold = Math.max(this.budgetMb * MB, live * 1.5);
    return true;
  }

  /** V8's own full collection, without starting Node with `--expose-gc`. */
  private static collector(): () => void {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  }
}
