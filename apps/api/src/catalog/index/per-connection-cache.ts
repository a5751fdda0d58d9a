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
  bytes: number;
}

/** A kept value, and what it was loaded for: the connection's version and its family (a model). */
interface Entry<T> {
  value: T;
  version: number;
  family: string;
}

/**
 * Something built per connection from its search index (a matrix of vectors, a word index),
 * kept until the connection's version moves, loaded once however many searches ask at once,
 * and dropped least recently used first beyond `maxBytes`.
 */
export class PerConnectionCache<T extends Kept> {
  private readonly kept = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();

  constructor(
    private readonly versions: IndexVersions,
    private readonly maxBytes: number,
  ) {}

  get bytes(): number {
    let total = 0;
    for (const entry of this.kept.values()) total += entry.value.bytes;
    return total;
  }

  /**
   * The value of each connection asked (every indexed one for null) in `family` (a model's
   * vectors, or the words), loaded where stale.
   */
  async each(
    ids: string[] | null,
    family: string,
    load: (id: string) => Promise<T>,
  ): Promise<{ id: string; value: T }[]> {
    const versions = await this.versions.get();
    const out: { id: string; value: T }[] = [];
    for (const id of ids ?? versions.keys()) {
      const version = versions.get(id);
      if (version === undefined) continue;
      out.push({ id, value: await this.one(id, version, family, load) });
    }
    return out;
  }

  /**
   * The kept value when current; while a newer one loads (a re-sync of 100,000 tables takes
   * seconds to load), the previous one of the same family keeps answering; only a first load
   * is waited for.
   */
  private async one(
    id: string,
    version: number,
    family: string,
    load: (id: string) => Promise<T>,
  ): Promise<T> {
    const kept = this.kept.get(id);
    const sameFamily = kept?.family === family;
    if (sameFamily && kept.version === version) {
      this.kept.delete(id);
      this.kept.set(id, kept);
      return kept.value;
    }
    const loadKey = `${id}:${version}:${family}`;
    let pending = this.loading.get(loadKey);
    if (!pending) {
      pending = load(id)
        .then((value) => this.keep(id, { value, version, family }))
        .finally(() => this.loading.delete(loadKey));
      this.loading.set(loadKey, pending);
      // Answered from the previous value meanwhile: a failed load is tried again next time.
      if (sameFamily) pending.catch(() => undefined);
    }
    return sameFamily ? kept.value : pending;
  }

  private keep(id: string, entry: Entry<T>): T {
    this.kept.delete(id);
    this.kept.set(id, entry);
    let bytes = this.bytes;
    for (const [other, old] of this.kept) {
      if (bytes <= this.maxBytes || other === id) break;
      this.kept.delete(other);
      bytes -= old.value.bytes;
    }
    return entry.value;
  }
}
