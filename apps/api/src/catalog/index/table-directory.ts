import { Injectable } from '@nestjs/common';
import { CATALOG_OBJECT_KINDS, type CatalogSearchHit, type DbType } from '@sluice/contracts';
import { AnswerCache } from '../../common/answer-cache';
import { ChangeFeed } from '../../db/change-feed';
import { CatalogSearchRepository } from './catalog-search.repository';
import type { TableRef } from './rank-fusion';
import { numberTables } from './table-names';

/**
 * A connection's tables as its last sync wrote them: numbered by schema and name, with what a
 * search hit shows besides the name (kind, comment). One string per table (its name) and no
 * object: 100,000 tables as objects with their keys made 500,000 things for every
 * old-generation collection of the API to mark.
 */
interface Directory {
  ingestedAt: string;
  /** A table's number by its schema and name (see `numberTables`). */
  find: (schemaName: string, objectName: string) => number | undefined;
  /** Each table's kind, as its place in CATALOG_OBJECT_KINDS. */
  kinds: Uint8Array;
  comments: (string | null)[];
}

/** A connection as a hit shows it, and when its last sync committed. */
interface Label {
  name: string;
  dbType: DbType;
  ingestedAt: string | null;
}

/** Tables kept at most (about 100 bytes each); the least recently searched connections go first. */
const MAX_TABLES = 1_500_000;

/**
 * Each connection's tables (kind and comment) kept in memory as its last sync committed them,
 * and every connection's name, type and last sync while the change feed says none changed: a
 * table that words or meaning found becomes a search hit without a query. A sync writes its
 * tables and its time in one transaction, so a directory whose time is the connection's is
 * the catalog as it is now: a table the sync removed is left out at once, even while the
 * word and vector indexes still hold it until the index run after the sync.
 */
@Injectable()
export class TableDirectory {
  private readonly directories = new Map<string, Directory>();
  private readonly loading = new Map<string, Promise<Directory>>();
  private readonly labels: AnswerCache<Map<string, Label>>;

  constructor(
    private readonly repository: CatalogSearchRepository,
    changes: ChangeFeed,
  ) {
    this.labels = new AnswerCache(changes, {
      tables: ['data_connections'],
      maxEntries: 1,
      ttlMs: 60_000,
    });
  }

  /** Tables as search hits of their own (no column), in the order asked; unknown ones left out. */
  async tableHits(tables: TableRef[]): Promise<CatalogSearchHit[]> {
    if (tables.length === 0) return [];
    const labels = await this.labels.get('all', () => this.repository.connectionLabels());
    // A deleted connection's tables go with it.
    for (const id of this.directories.keys()) if (!labels.has(id)) this.directories.delete(id);
    const byConnection = new Map<string, Directory>();
    for (const id of new Set(tables.map((t) => t.connectionId))) {
      const ingestedAt = labels.get(id)?.ingestedAt;
      if (ingestedAt) byConnection.set(id, await this.directory(id, ingestedAt));
    }
    return tables.flatMap(({ connectionId, schemaName, objectName }) => {
      const directory = byConnection.get(connectionId);
      const t = directory?.find(schemaName, objectName);
      const label = labels.get(connectionId);
      if (!directory || t === undefined || !label) return [];
      return [
        {
          connectionId,
          connectionName: label.name,
          dbType: label.dbType,
          schemaName,
          objectName,
          objectKind: CATALOG_OBJECT_KINDS[directory.kinds[t]!]!,
          columnName: null,
          dataType: null,
          comment: directory.comments[t] ?? null,
          matched: 'table' as const,
          reasons: [],
          score: 0,
          tag: null,
        },
      ];
    });
  }

  /** The connection's directory as of its sync at `ingestedAt`: kept, or read (once at a time). */
  private async directory(id: string, ingestedAt: string): Promise<Directory> {
    const kept = this.directories.get(id);
    if (kept?.ingestedAt === ingestedAt) {
      this.directories.delete(id);
      this.directories.set(id, kept);
      return kept;
    }
    const key = `${id}\u0000${ingestedAt}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(id, ingestedAt).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(id: string, ingestedAt: string): Promise<Directory> {
    const rows = await this.repository.tables(id);
    const { numberOf, find } = numberTables();
    const kinds = new Uint8Array(rows.length);
    const comments: (string | null)[] = [];
    for (const row of rows) {
      const t = numberOf(row.s, row.o);
      kinds[t] = Math.max(0, CATALOG_OBJECT_KINDS.indexOf(row.k));
      comments[t] = row.c;
    }
    const directory = { ingestedAt, find, kinds, comments };
    this.directories.delete(id);
    this.directories.set(id, directory);
    let kept = 0;
    for (const d of this.directories.values()) kept += d.kinds.length;
    for (const [other, d] of this.directories) {
      if (kept <= MAX_TABLES || other === id) break;
      this.directories.delete(other);
      kept -= d.kinds.length;
    }
    return directory;
  }
}
