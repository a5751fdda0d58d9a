import type { ChangeSource } from '../db/change-feed';

export interface AnswerCacheOptions {
  /** The tables whose changes make the kept answers wrong. */
  tables: readonly string[];
  maxEntries: number;
  /** A bound on how long an answer is kept should a notification ever be lost unseen. */
  ttlMs: number;
  now?: () => number;
}

/**
 * Answers of the database kept in memory, by key, while the change feed is live, and dropped
 * the moment one of their tables changes. Callers asking for the same key at once share one
 * load; a load that began before a change is returned to its callers but not kept.
 */
export class AnswerCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private generation = 0;
  private readonly now: () => number;

  constructor(
    private readonly source: ChangeSource,
    private readonly options: AnswerCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
    source.subscribe(options.tables, () => this.drop());
  }

  get size(): number {
    return this.entries.size;
  }

  drop(): void {
    this.generation += 1;
    this.entries.clear();
    this.loading.clear();
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.source.live) return load();
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > this.now()) {
      // Least recently used goes first when full: a hit moves to the end.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return Promise.resolve(kept.value);
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const loaded = load()
      .then((value) => {
        if (generation === this.generation && this.source.live) this.keep(key, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }

  private keep(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
