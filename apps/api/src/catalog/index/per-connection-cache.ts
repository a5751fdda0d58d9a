import { Injectable } from '@nestjs/common';
import { AnswerCache } from '../../common/answer-cache';
import { ChangeFeed } from '../../db/change-feed';
import { CatalogSearchRepository } from './catalog-search.repository';

/**
 * Every connection's search-index version, read in one small query and kept while the change
 * feed is live: an index run bumps its connection's version, which drops what is kept here.
 */
@Injectable()
export class IndexVersions {
  private readonly cache: AnswerCache<Map<string, number>>;

  constructor(
    private readonly repository: CatalogSearchRepository,
    changes: ChangeFeed,
  ) {
    this.cache = new AnswerCache(changes, {
      tables: ['catalog_index_status'],
      maxEntries: 1,
      ttlMs: 60_000,
    });
  }

  get(): Promise<Map<string, number>> {
    return this.cache.get('all', () => this.repository.versions());
  }
}

export interface Kept {
  /** What the value was loaded for: the connection's version, and the model where it matters. */
  key: string;
  bytes: number;
}

/**
 * Something built per connection from its search index (a matrix of vectors, a word index),
 * kept until the connection's version moves, loaded once however many searches ask at once,
 * and dropped least recently used first beyond `maxBytes`.
 */
export class PerConnectionCache<T extends Kept> {
  private readonly kept = new Map<string, T>();
  private readonly loading = new Map<string, Promise<T>>();

  constructor(
    private readonly versions: IndexVersions,
    private readonly maxBytes: number,
  ) {}

  get bytes(): number {
    let total = 0;
    for (const value of this.kept.values()) total += value.bytes;
    return total;
  }

  /** The value of each connection asked (every indexed one for null), loaded where stale. */
  async each(
    ids: string[] | null,
    keyOf: (version: number) => string,
    load: (id: string, key: string) => Promise<T>,
  ): Promise<{ id: string; value: T }[]> {
    const versions = await this.versions.get();
    const out: { id: string; value: T }[] = [];
    for (const id of ids ?? versions.keys()) {
      const version = versions.get(id);
      if (version === undefined) continue;
      out.push({ id, value: await this.one(id, keyOf(version), load) });
    }
    return out;
  }

  /**
   * The kept value when current; while a newer one loads (a re-sync of 100,000 tables takes
   * seconds to load), the previous one keeps answering; only a first load is waited for.
   */
  private async one(id: string, key: string, load: (id: string, key: string) => Promise<T>) {
    const kept = this.kept.get(id);
    if (kept?.key === key) {
      this.kept.delete(id);
      this.kept.set(id, kept);
      return kept;
    }
    const loadKey = `${id}:${key}`;
    let pending = this.loading.get(loadKey);
    if (!pending) {
      pending = load(id, key)
        .then((value) => this.keep(id, value))
        .finally(() => this.loading.delete(loadKey));
      this.loading.set(loadKey, pending);
      // Answered from the previous value meanwhile: a failed load is tried again next time.
      if (kept) pending.catch(() => undefined);
    }
    return kept && this.sameFamily(kept.key, key) ? kept : pending;
  }

  /** Whether a kept value may stand in for `key`: the same model, an older version. */
  private sameFamily(kept: string, key: string): boolean {
    return kept.slice(kept.indexOf(':')) === key.slice(key.indexOf(':'));
  }

  private keep(id: string, value: T): T {
    this.kept.delete(id);
    this.kept.set(id, value);
    let bytes = this.bytes;
    for (const [other, old] of this.kept) {
      if (bytes <= this.maxBytes || other === id) break;
      this.kept.delete(other);
      bytes -= old.bytes;
    }
    return value;
  }
}
