import type { MatchReason } from '@sluice/contracts';
import type { QuestionWord } from './identifier-words';
import type { Kept } from './per-connection-cache';
import { topK } from './top-k';

/** Where a word was found: the table's name, a column's name, a comment. */
export const NAME = 4;
export const COLUMN = 2;
export const COMMENT = 1;
const FIELD_WEIGHT = (bits: number) => (bits & NAME ? 3 : bits & COLUMN ? 1 : 0.7);
/** Field weights by the places bits: a table's name 3, a column's 1, a comment 0.7. */
const WEIGHTS = Float32Array.from({ length: 8 }, (_, bits) => FIELD_WEIGHT(bits));
/** The most a posting without the name bit weighs (a column's). */
const UNNAMED_WEIGHT = 1;
/** About what a binary search in a posting list costs, in postings read. */
const SEARCH_STEPS = 40;
/** An abbreviation (`inv` for invoice) is a weaker match than the word itself. */
const ABBREVIATION = 0.8;
/** Below this idf (a word in over about 95% of a connection's tables) a word is not scored. */
const NEGLIGIBLE = 0.05;

/**
 * A connection's words as postings: for each word (sorted), the tables that have it in their
 * name (ascending), then those that have it elsewhere only (ascending), and where.
 */
export interface Postings extends Kept {
  tables: { schemaName: string; objectName: string }[];
  lexicon: string[];
  /** Word i's postings are start[i] .. start[i + 1]; those before named[i] have the name bit. */
  start: Uint32Array;
  named: Uint32Array;
  table: Uint32Array;
  bits: Uint8Array;
  /** What a ranking writes per table, kept between queries (a ranking is synchronous). */
  scratch?: Scratch;
}

interface Scratch {
  total: Float32Array;
  best: Float32Array;
  found: Uint8Array;
  mine: Uint32Array;
  touched: Uint32Array;
  /** The tables being rescored. */
  flag: Uint8Array;
}

/** Postings from each word's tables (ascending) and where the word is in each. */
export function postingsOf(
  tables: Postings['tables'],
  lists: Map<string, { tables: number[]; bits: number[] }>,
): Postings {
  const lexicon = [...lists.keys()].sort();
  const start = new Uint32Array(lexicon.length + 1);
  const named = new Uint32Array(lexicon.length);
  let size = 0;
  lexicon.forEach((word, i) => {
    start[i] = size;
    size += lists.get(word)!.tables.length;
  });
  start[lexicon.length] = size;
  const table = new Uint32Array(size);
  const bits = new Uint8Array(size);
  lexicon.forEach((word, i) => {
    const list = lists.get(word)!;
    let at = start[i]!;
    for (const name of [true, false]) {
      if (!name) named[i] = at;
      list.tables.forEach((t, p) => {
        if (((list.bits[p]! & NAME) !== 0) !== name) return;
        table[at] = t;
        bits[at++] = list.bits[p]!;
      });
    }
  });
  // The words themselves: about 48 bytes each as JavaScript strings.
  const bytes = table.byteLength + bits.byteLength + start.byteLength * 2 + lexicon.length * 48;
  return { bytes, tables, lexicon, start, named, table, bits };
}

/** One word of the lexicon a question word matches, and what a posting of it scores. */
interface Term {
  i: number;
  scale: number;
}

/**
 * The `limit` tables of one connection whose words best match the question's. Each word
 * scores a table by its best match (the word, its singular, an abbreviation); words add up.
 *
 * Tables with a question's word in their name come first (max-score pruning): the name
 * postings are read whole, the others only where they could still change the best `limit`.
 * A word in a column of nearly every table is then looked up for a few hundred tables instead
 * of read for 100,000. When the names cannot settle it, every posting is read.
 */
export function rankWords(
  index: Postings,
  words: QuestionWord[],
  limit: number,
  how: { prune: boolean; pruned?: boolean } = { prune: true },
) {
  const terms = words.map((word) => termsOf(index, word)).filter((t) => t.length > 0);
  const scratch = (index.scratch ??= scratchOf(index.tables.length));
  let touchedCount = 0;
  try {
    touchedCount = accumulate(index, scratch, terms, true);
    const pruned = how.prune && prune(index, scratch, terms, touchedCount, limit);
    how.pruned = Boolean(pruned);
    if (pruned) return hitsOf(index, scratch, pruned, limit);
    clear(scratch, touchedCount);
    touchedCount = accumulate(index, scratch, terms, false);
    return hitsOf(index, scratch, scratch.touched.subarray(0, touchedCount), limit);
  } finally {
    clear(scratch, touchedCount);
  }
}

function termsOf(index: Postings, word: QuestionWord): Term[] {
  const n = index.tables.length;
  const terms: Term[] = [];
  const add = (i: number, factor: number) => {
    const df = index.start[i + 1]! - index.start[i]!;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    // A word nearly every table has (`amount` in a column of each) says nothing: skipped.
    if (idf >= NEGLIGIBLE) terms.push({ i, scale: idf * factor });
  };
  for (const prefix of word.prefixes)
    for (let i = lowerBound(index.lexicon, prefix); index.lexicon[i]?.startsWith(prefix); i++)
      add(i, 1);
  for (const abbreviation of word.abbreviations) {
    const i = lowerBound(index.lexicon, abbreviation);
    if (index.lexicon[i] === abbreviation) add(i, word.prefixes.length ? ABBREVIATION : 1);
  }
  return terms;
}

/**
 * Adds each word's best posting score to its tables' totals: the name postings only, or all.
 * Returns how many tables were touched (listed in `touched`).
 */
function accumulate(index: Postings, s: Scratch, terms: Term[][], namesOnly: boolean): number {
  const { table, bits } = index;
  let touchedCount = 0;
  for (const word of terms) {
    let mineCount = 0;
    for (const { i, scale } of word) {
      const to = namesOnly ? index.named[i]! : index.start[i + 1]!;
      for (let p = index.start[i]!; p < to; p++) {
        const t = table[p]!;
        const b = bits[p]!;
        const score = scale * WEIGHTS[b]!;
        const was = s.best[t]!;
        if (was === 0) s.mine[mineCount++] = t;
        if (score > was) s.best[t] = score;
        s.found[t] = s.found[t]! | b;
      }
    }
    for (let k = 0; k < mineCount; k++) {
      const t = s.mine[k]!;
      if (s.total[t] === 0) s.touched[touchedCount++] = t;
      s.total[t] = s.total[t]! + s.best[t]!;
      s.best[t] = 0;
    }
  }
  return touchedCount;
}

/**
 * After the name postings: the tables that can still be among the best `limit`, scored in
 * full (their other postings looked up), or null when the other postings must all be read.
 */
function prune(
  index: Postings,
  s: Scratch,
  terms: Term[][],
  touchedCount: number,
  limit: number,
): Uint32Array | null {
  if (touchedCount < limit) return null;
  const touched = s.touched.subarray(0, touchedCount);
  // The most a word's other postings add to any table; a table the names missed has no more.
  let unnamed = 0;
  for (const word of terms) unnamed += Math.max(...word.map((t) => t.scale)) * UNNAMED_WEIGHT;
  const threshold = s.total[topK(touched, s.total, limit)[limit - 1]!]!;
  // Scores are float32: the bound keeps a margin for their rounding.
  unnamed *= 1 + 1e-5;
  if (unnamed >= threshold) return null;
  const survivors = touched.filter((t) => s.total[t]! + unnamed >= threshold);
  rescore(index, s, terms, survivors);
  return survivors;
}

/**
 * The survivors' scores from all their postings, added as `accumulate` adds them: a posting
 * list is searched per survivor when they are few beside its length, read once otherwise.
 */
function rescore(index: Postings, s: Scratch, terms: Term[][], survivors: Uint32Array): void {
  for (const t of survivors) {
    s.total[t] = 0;
    s.found[t] = 0;
    s.flag[t] = 1;
  }
  const score = (t: number, b: number, scale: number) => {
    const value = scale * WEIGHTS[b]!;
    if (value > s.best[t]!) s.best[t] = value;
    s.found[t] = s.found[t]! | b;
  };
  for (const word of terms) {
    for (const { i, scale } of word) {
      const from = index.start[i]!;
      const to = index.start[i + 1]!;
      if (survivors.length * SEARCH_STEPS < to - from) {
        for (const t of survivors) {
          const b = lookUp(index, i, t);
          if (b !== 0) score(t, b, scale);
        }
      } else
        for (let p = from; p < to; p++) {
          const t = index.table[p]!;
          if (s.flag[t] === 1) score(t, index.bits[p]!, scale);
        }
    }
    for (const t of survivors) {
      s.total[t] = s.total[t]! + s.best[t]!;
      s.best[t] = 0;
    }
  }
  for (const t of survivors) s.flag[t] = 0;
}

/** Where word i is in table t (its bits), 0 when it is not. */
function lookUp(index: Postings, i: number, t: number): number {
  for (const [from, to] of [
    [index.start[i]!, index.named[i]!],
    [index.named[i]!, index.start[i + 1]!],
  ] as const) {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (index.table[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo < to && index.table[lo] === t) return index.bits[lo]!;
  }
  return 0;
}

function hitsOf(index: Postings, s: Scratch, candidates: Uint32Array, limit: number) {
  return topK(candidates, s.total, limit).map((t) => {
    // Fields written out: spreading one of 100,000 kept objects costs a microsecond each.
    const { schemaName, objectName } = index.tables[t]!;
    const rank = Math.round(s.total[t]! * 1e4) / 1e4;
    return { schemaName, objectName, rank, reasons: reasonsOf(s.found[t]!) };
  });
}

function reasonsOf(found: number): MatchReason[] {
  return [
    ...(found & NAME ? ['name' as const] : []),
    ...(found & COLUMN ? ['column' as const] : []),
    ...(found & COMMENT ? ['comment' as const] : []),
  ];
}

function scratchOf(n: number): Scratch {
  return {
    total: new Float32Array(n),
    best: new Float32Array(n),
    found: new Uint8Array(n),
    mine: new Uint32Array(n),
    touched: new Uint32Array(n),
    flag: new Uint8Array(n),
  };
}

/** Zeroes what a ranking wrote: only the tables it touched. */
function clear(s: Scratch, touchedCount: number): void {
  for (let k = 0; k < touchedCount; k++) {
    const t = s.touched[k]!;
    s.total[t] = 0;
    s.found[t] = 0;
  }
}

/** The first index of the lexicon at or after `word`. */
function lowerBound(lexicon: string[], word: string): number {
  let lo = 0;
  let hi = lexicon.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lexicon[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
