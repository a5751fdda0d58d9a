import { keepBest } from './top-k';
import {
  nameMost,
  unnamedBound,
  unnamedMost,
  WEIGHTS,
  type Postings,
  type Scratch,
  type Term,
} from './postings';

/** The most tables in a block of name postings: their entries in a ranking's arrays stay cached. */
const BLOCK = 4_096;

/** Where the name postings are read up to, block by block of table numbers. */
interface NamesRead {
  /** Each word's terms' next name posting. */
  next: Uint32Array[];
  /** The block ends before this table. */
  upTo: number;
  /** The most a table's names can score: each word at its best term, in a name. */
  most: number;
  /** Tables read so far whose names score `most`. */
  reached: number;
  /**
   * Per word: whether a table whose first name posting is this word's may still pass the best
   * so far (it has none of the words before in its name); when not, the word only adds to the
   * tables already read.
   */
  opens: Uint8Array;
}

/**
 * The name postings, read in blocks of ascending table numbers, until `limit` tables score all
 * a name can. No table after them can score more, and at an equal score the lower table number
 * ranks first: the rest of the names cannot change the best `limit` (a one-word search of a
 * word in thousands of names reads the first few hundred). Returns how many tables were
 * touched and kept (see keepPassing).
 */
export function readNames(
  index: Postings,
  s: Scratch,
  terms: Term[][],
  limit: number,
  how: { namesRead?: number },
): number {
  const n = index.tables.length;
  // Per word j, the most a table whose first name posting is word j's can score: the words
  // before it from other places, it and the words after it in a name, summed as totals are
  // (float32, word by word). For the first word it is the most any table's names score.
  const firstNamed = terms.map((_, j) =>
    terms.reduce(
      (sum, word, w) => Math.fround(sum + Math.fround(w < j ? unnamedMost(word) : nameMost(word))),
      0,
    ),
  );
  const names: NamesRead = {
    next: terms.map((word) => Uint32Array.from(word, ({ i }) => index.start[i]!)),
    upTo: 0,
    most: firstNamed[0] ?? 0,
    reached: 0,
    opens: new Uint8Array(terms.length).fill(1),
  };
  const best = { heap: new Float64Array(limit), size: 0, unnamed: unnamedBound(terms) };
  let touchedCount = 0;
  do {
    // A 16th of the tables at least (a small catalog is read in a few blocks too).
    names.upTo = Math.min(n, names.upTo + Math.min(BLOCK, Math.max(256, Math.ceil(n / 16))));
    const from = touchedCount;
    if (best.size === limit)
      firstNamed.forEach((most, j) => (names.opens[j] = most > best.heap[0]! ? 1 : 0));
    touchedCount = accumulate(index, s, terms, touchedCount, names);
    touchedCount = keepPassing(s, terms, from, touchedCount, best);
  } while (names.upTo < n && names.reached < limit);
  how.namesRead = terms.reduce(
    (sum, word, w) =>
      word.reduce((sum2, { i }, j) => sum2 + names.next[w]![j]! - index.start[i]!, sum),
    0,
  );
  return touchedCount;
}

/**
 * The block's tables (touched from `from` on), whose names totals are now final: each is added
 * to the best totals, and those that cannot pass the `limit`-th best so far, even with what
 * their other places could add, are let go at once (zeroed while their entries are still in
 * the cache, and out of `touched`). Returns the new count of touched tables.
 */
function keepPassing(
  s: Scratch,
  terms: Term[][],
  from: number,
  touchedCount: number,
  best: { heap: Float64Array; size: number; unnamed: number },
): number {
  const { touched } = s;
  for (let k = from; k < touchedCount; k++)
    best.size = keepBest(best.heap, best.size, s.total[touched[k]!]!);
  if (best.size < best.heap.length || terms.length > 255) return touchedCount;
  const threshold = best.heap[0]!;
  // As prune bounds them (unnamedBound): what every word's other places could add.
  const { unnamed } = best;
  let kept = from;
  for (let k = from; k < touchedCount; k++) {
    const t = touched[k]!;
    if (s.total[t]! + (s.sure[t] === terms.length ? 0 : unnamed) >= threshold) touched[kept++] = t;
    else {
      s.total[t] = 0;
      s.found[t] = 0;
      s.sure[t] = 0;
    }
  }
  return kept;
}

/**
 * Adds each word's best posting score to its tables' totals: every posting (`names` null), or
 * the name postings of the tables before `names.upTo` not read yet. Returns how many tables
 * were touched (listed in `touched`, after the `touchedCount` already there).
 */
export function accumulate(
  index: Postings,
  s: Scratch,
  terms: Term[][],
  touchedCount: number,
  names: NamesRead | null,
): number {
  const { table, bits } = index;
  const upTo = names ? names.upTo : Infinity;
  for (let w = 0; w < terms.length; w++) {
    const word = terms[w]!;
    // A name scoring past what any other place of the word can score settles the word.
    const settles = unnamedMost(word) * (1 + 1e-5);
    // A table reaching the most has every word in its name: the last word counts it.
    const last = names !== null && w === terms.length - 1;
    // Whether this word's postings may add tables not read yet, or only add to those read.
    const opens = names === null || names.opens[w] === 1;
    if (word.length === 1) {
      // One term: its score is the word's, added at once (no best of several to keep first).
      const { i, scale } = word[0]!;
      const to = names ? index.named[i]! : index.start[i + 1]!;
      let p = names ? names.next[w]![0]! : index.start[i]!;
      for (; p < to; p++) {
        const t = table[p]!;
        if (t >= upTo) break;
        if (s.total[t] === 0 && !opens) continue;
        const b = bits[p]!;
        const score = Math.fround(scale * WEIGHTS[b]!);
        if (s.total[t] === 0) s.touched[touchedCount++] = t;
        s.total[t] = s.total[t]! + score;
        s.found[t] = s.found[t]! | b;
        if (names && score >= settles) s.sure[t] = s.sure[t]! + 1;
        if (last && s.total[t] >= names.most) names.reached++;
      }
      if (names) names.next[w]![0] = p;
      continue;
    }
    let mineCount = 0;
    for (let j = 0; j < word.length; j++) {
      const { i, scale } = word[j]!;
      const to = names ? index.named[i]! : index.start[i + 1]!;
      let p = names ? names.next[w]![j]! : index.start[i]!;
      for (; p < to; p++) {
        const t = table[p]!;
        if (t >= upTo) break;
        if (s.total[t] === 0 && !opens) continue;
        const b = bits[p]!;
        const score = scale * WEIGHTS[b]!;
        const was = s.best[t]!;
        if (was === 0) s.mine[mineCount++] = t;
        if (score > was) s.best[t] = score;
        s.found[t] = s.found[t]! | b;
      }
      if (names) names.next[w]![j] = p;
    }
    for (let k = 0; k < mineCount; k++) {
      const t = s.mine[k]!;
      if (s.total[t] === 0) s.touched[touchedCount++] = t;
      s.total[t] = s.total[t]! + s.best[t]!;
      if (names && s.best[t]! >= settles) s.sure[t] = s.sure[t]! + 1;
      if (last && s.total[t] >= names.most) names.reached++;
      s.best[t] = 0;
    }
  }
  return touchedCount;
}
