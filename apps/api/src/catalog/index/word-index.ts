import { Injectable } from '@nestjs/common';
import type { MatchReason } from '@sluice/contracts';
import { CatalogSearchRepository } from './catalog-search.repository';
import {
  foreignKeysOf,
  neighboursOf,
  tableNumber,
  type ForeignKeys,
  type Neighbour,
} from './foreign-keys';
import { questionWords } from './identifier-words';
import { COLUMN, COMMENT, NAME, postingsOf, type Postings } from './postings';
import { rankWords } from './word-rank';
import { IndexVersions, PerConnectionCache } from './per-connection-cache';
import { numberTables } from './table-names';
import type { TableRef } from './rank-fusion';
import { higherFirst } from './top-k';

/** One table found by its words, with what matched. */
export interface WordHit {
  connectionId: string;
  schemaName: string;
  objectName: string;
  rank: number;
  reasons: MatchReason[];
}

const MAX_BYTES = 512 * 1024 * 1024;

/** A connection's words, and its foreign keys (read from the same documents). */
interface ConnectionWords extends Postings {
  keys: ForeignKeys;
}

/** `'word':1A,2B 'other':3C` (a tsvector as text) as words and where they are. */
export function parseWords(text: string): Map<string, number> {
  const words = new Map<string, number>();
  for (const m of text.matchAll(/'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g)) {
    const word = m[1]!.replace(/''/g, "'");
    let bits = 0;
    for (const w of (m[2] ?? 'D').split(','))
      bits |= w.endsWith('A') ? NAME : w.endsWith('B') ? COLUMN : COMMENT;
    words.set(word, (words.get(word) ?? 0) | bits);
  }
  return words;
}

/**
 * Lexical ranking of tables by the words of their names, columns and comments, in memory, one
 * index per connection (kept like the vectors, until the index version moves). A question's
 * words count by how rare they are among the connection's tables (BM25's idf) and by where
 * they are found (a table's name first): `amount`, in a column of every table, weighs nothing;
 * `invoice` in three table names weighs a lot. Each query reads only the postings of its
 * words: milliseconds at 100,000 tables, where ranking every match in SQL takes a second.
 */
@Injectable()
export class WordIndex {
  private readonly postings: PerConnectionCache<ConnectionWords>;

  constructor(
    private readonly repository: CatalogSearchRepository,
    versions: IndexVersions,
  ) {
    this.postings = new PerConnectionCache(versions, MAX_BYTES);
  }

  async search(
    question: string,
    connectionIds: string[] | null,
    limit: number,
  ): Promise<WordHit[]> {
    const words = questionWords(question);
    if (words.length === 0) return [];
    const indexes = await this.postings.each(connectionIds, 'words', (id) => this.load(id));
    const hits: WordHit[] = [];
    for (const { id, value } of indexes)
      for (const { schemaName, objectName, rank, reasons } of rankWords(value, words, limit))
        hits.push({ connectionId: id, schemaName, objectName, rank, reasons });
    return hits.sort((a, b) => higherFirst(a.rank, b.rank)).slice(0, limit);
  }

  /**
   * The foreign-key neighbours of `tables` (in one connection) as the index has them: the tables
   * themselves, those they reference and those referencing them, each with its references.
   * Unknown tables are left out.
   */
  async neighbours(connectionId: string, tables: TableRef[]): Promise<Neighbour[]> {
    const [kept] = await this.postings.each([connectionId], 'words', (id) => this.load(id));
    if (!kept) return [];
    const { value } = kept;
    const selected = tables
      .map((t) => tableNumber(value.tables, value.keys, t.schemaName, t.objectName))
      .filter((t) => t !== undefined);
    return neighboursOf(value.tables, value.keys, selected);
  }

  private async load(id: string): Promise<ConnectionWords> {
    const rows = await this.repository.words(id);
    const { names: tables, numberOf, find } = numberTables();
    const lists = new Map<string, { tables: number[]; bits: number[] }>();
    const refs = new Map<number, string[]>();
    for (const row of rows) {
      const t = numberOf(row.s, row.o);
      if (row.r) refs.set(t, row.r);
      for (const [word, bits] of parseWords(row.w)) {
        const list = lists.get(word) ?? { tables: [], bits: [] };
        // A table's parts share its name: one posting per table, with every place it was found.
        if (list.tables[list.tables.length - 1] === t) list.bits[list.bits.length - 1]! |= bits;
        else {
          list.tables.push(t);
          list.bits.push(bits);
        }
        lists.set(word, list);
      }
    }
    const postings = postingsOf(tables, lists);
    const keys = foreignKeysOf(tables, refs, find);
    return Object.assign(postings, { keys, bytes: postings.bytes + keys.bytes });
  }
}
