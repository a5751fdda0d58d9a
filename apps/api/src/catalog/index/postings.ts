import type { Kept } from './per-connection-cache';
import type { TableNames } from './table-names';

/** One word of the lexicon a question word matches, and what a posting of it scores. */
export interface Term {
  i: number;
  scale: number;
}

/** Where a word was found: the table's name, a column's name, a comment. */
export const NAME = 4;
export const COLUMN = 2;
export const COMMENT = 1;
const FIELD_WEIGHT = (bits: number) => (bits & NAME ? 3 : bits & COLUMN ? 1 : 0.7);
/** Field weights by the places bits: a table's name 3, a column's 1, a comment 0.7. */
export const WEIGHTS = Float32Array.from({ length: 8 }, (_, bits) => FIELD_WEIGHT(bits));
/** The most a posting of the word without the name bit scores (a column's). */
export const unnamedMost = (word: Term[]) =>
  Math.max(...word.map((t) => t.scale)) * WEIGHTS[COLUMN]!;
/** The most a posting of the word in a name scores. */
export const nameMost = (word: Term[]) => Math.max(...word.map((t) => t.scale)) * WEIGHTS[NAME]!;
/**
 * The most the question's words can add to a table from places other than its name, with a
 * margin for float32's rounding of the totals: a table below a threshold by more is out.
 */
export const unnamedBound = (terms: Term[][]) =>
  terms.reduce((sum, word) => sum + unnamedMost(word), 0) * (1 + 1e-5);

/**
 * A connection's words as postings: for each word (sorted), the tables that have it in their
 * name (ascending), then those that have it elsewhere only (ascending), and where.
 */
export interface Postings extends Kept {
  tables: TableNames;
  lexicon: string[];
  /** Word i's postings are start[i] .. start[i + 1]; those before named[i] have the name bit. */
  start: Uint32Array;
  named: Uint32Array;
  table: Uint32Array;
  bits: Uint8Array;
  /** What a ranking writes per table, kept between queries (a ranking is synchronous). */
  scratch?: Scratch;
}

/** A ranking's working arrays, one entry per table. */
export interface Scratch {
  total: Float32Array;
  best: Float32Array;
  found: Uint8Array;
  /** The tables one word reached; after the name postings, the tables that survive pruning. */
  mine: Uint32Array;
  touched: Uint32Array;
  /** The tables being rescored. */
  flag: Uint8Array;
  /** How many of the question's words the table's name settles (nothing else can add to them). */
  sure: Uint8Array;
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
  const bytes =
    table.byteLength + bits.byteLength + start.byteLength * 2 + lexicon.length * 48 + tables.bytes;
  return { bytes, tables, lexicon, start, named, table, bits };
}

/** Where word i is in table t (its bits), 0 when it is not. */
export function lookUp(index: Postings, i: number, t: number): number {
  return (
    find(index, index.start[i]!, index.named[i]!, t) ||
    find(index, index.named[i]!, index.start[i + 1]!, t)
  );
}

/** Table t's bits in the ascending postings from .. to, 0 when it is not there. */
function find(index: Postings, from: number, to: number, t: number): number {
  const at = firstAtLeast(index.table, from, to, t);
  return at < to && index.table[at] === t ? index.bits[at]! : 0;
}

/** The first position in the ascending `table[lo .. hi)` holding `t` or a later table, by halves. */
function firstAtLeast(table: Uint32Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first position in the ascending `table[from .. to)` holding `t` or a later table (`to`
 * when none does): a gallop from `from` (steps doubling), then a binary search of the last step.
 */
export function seek(table: Uint32Array, from: number, to: number, t: number): number {
  if (from >= to || table[from]! >= t) return from;
  let before = from;
  let step = 1;
  while (before + step < to && table[before + step]! < t) {
    before += step;
    step *= 2;
  }
  return firstAtLeast(table, before + 1, Math.min(before + step, to), t);
}

/** The first index of the lexicon at or after `word`. */
export function lowerBound(lexicon: string[], word: string): number {
  let lo = 0;
  let hi = lexicon.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lexicon[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A ranking's working arrays for `n` tables, all zero. */
export function scratchOf(n: number): Scratch {
  return {
    total: new Float32Array(n),
    best: new Float32Array(n),
    found: new Uint8Array(n),
    mine: new Uint32Array(n),
    touched: new Uint32Array(n),
    flag: new Uint8Array(n),
    sure: new Uint8Array(n),
  };
}

/** Zeroes what a ranking wrote: only the tables it touched. */
export function clear(s: Scratch, touchedCount: number): void {
  for (let k = 0; k < touchedCount; k++) {
    const t = s.touched[k]!;
    s.total[t] = 0;
    s.found[t] = 0;
    s.sure[t] = 0;
  }
}
