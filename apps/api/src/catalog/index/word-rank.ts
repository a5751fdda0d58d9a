import type { MatchReason } from '@sluice/contracts';
import type { QuestionWord } from './identifier-words';
import { clear, COLUMN, COMMENT, lookUp, lowerBound, NAME, scratchOf, WEIGHTS } from './postings';
import type { Postings, Scratch } from './postings';
import { topK } from './top-k';

/** The most a posting without the name bit weighs (a column's). */
const UNNAMED_WEIGHT = 1;
/** About what a binary search in a posting list costs, in postings read. */
const SEARCH_STEPS = 40;
/** An abbreviation (`inv` for invoice) is a weaker match than the word itself. */
const ABBREVIATION = 0.8;
/** The fewest tables in the first block of name postings read. */
const BLOCK = 256;
/** Below this idf (a word in over about 95% of a connection's tables) a word is not scored. */
const NEGLIGIBLE = 0.05;

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
  how: { prune: boolean; pruned?: boolean; rescored?: number; namesRead?: number } = {
    prune: true,
  },
) {
  const terms = words.map((word) => termsOf(index, word)).filter((t) => t.length > 0);
  const scratch = (index.scratch ??= scratchOf(index.tables.length));
  let touchedCount = 0;
  try {
    touchedCount = readNames(index, scratch, terms, limit, how);
    const pruned = how.prune && prune(index, scratch, terms, touchedCount, limit);
    how.pruned = Boolean(pruned);
    how.rescored = pruned ? pruned.rescored : 0;
    if (pruned) return hitsOf(index, scratch, pruned.survivors, limit, terms);
    clear(scratch, touchedCount);
    touchedCount = accumulate(index, scratch, terms, 0, null);
    return hitsOf(index, scratch, scratch.touched.subarray(0, touchedCount), limit);
  } finally {
    clear(scratch, touchedCount);
  }
}

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
}

/**
 * The name postings, read in blocks of ascending table numbers (the first a 32nd of the tables,
 * each next one twice as far), until `limit` tables score all a name can. No table after them
 * can score more, and at an equal score the lower table number ranks first: the rest of the
 * names cannot change the best `limit` (a one-word search of a word in thousands of names reads
 * the first few hundred). Returns how many tables were touched.
 */
function readNames(
  index: Postings,
  s: Scratch,
  terms: Term[][],
  limit: number,
  how: { namesRead?: number },
): number {
  const n = index.tables.length;
  const names: NamesRead = {
    next: terms.map((word) => Uint32Array.from(word, ({ i }) => index.start[i]!)),
    upTo: 0,
    // Summed as the totals are (float32, word by word), so a table at the most equals it.
    most: terms.reduce((sum, word) => Math.fround(sum + Math.fround(nameMost(word))), 0),
    reached: 0,
  };
  let touchedCount = 0;
  do {
    names.upTo = Math.min(
      n,
      names.upTo === 0 ? Math.max(BLOCK, Math.ceil(n / 32)) : names.upTo * 2,
    );
    touchedCount = accumulate(index, s, terms, touchedCount, names);
  } while (names.upTo < n && names.reached < limit);
  how.namesRead = terms.reduce(
    (sum, word, w) =>
      word.reduce((sum2, { i }, j) => sum2 + names.next[w]![j]! - index.start[i]!, sum),
    0,
  );
  return touchedCount;
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
 * Adds each word's best posting score to its tables' totals: every posting (`names` null), or
 * the name postings of the tables before `names.upTo` not read yet. Returns how many tables
 * were touched (listed in `touched`, after the `touchedCount` already there).
 */
function accumulate(
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
    let mineCount = 0;
    for (let j = 0; j < word.length; j++) {
      const { i, scale } = word[j]!;
      const to = names ? index.named[i]! : index.start[i + 1]!;
      let p = names ? names.next[w]![j]! : index.start[i]!;
      for (; p < to; p++) {
        const t = table[p]!;
        if (t >= upTo) break;
        const b = bits[p]!;
        const score = scale * WEIGHTS[b]!;
        const was = s.best[t]!;
        if (was === 0) s.mine[mineCount++] = t;
        if (score > was) s.best[t] = score;
        s.found[t] = s.found[t]! | b;
      }
      if (names) names.next[w]![j] = p;
    }
    // A table reaching the most has every word in its name: the last word counts it.
    const last = names !== null && w === terms.length - 1;
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

/** The most a posting of the word without the name bit scores. */
const unnamedMost = (word: Term[]) => Math.max(...word.map((t) => t.scale)) * UNNAMED_WEIGHT;
/** The most a posting of the word in a name scores. */
const nameMost = (word: Term[]) => Math.max(...word.map((t) => t.scale)) * WEIGHTS[NAME]!;

/**
 * After the name postings: the tables that can still be among the best `limit`, or null when
 * the other postings must all be read. A table whose name settles every word has its score;
 * the others are scored in full (their other postings looked up).
 */
function prune(
  index: Postings,
  s: Scratch,
  terms: Term[][],
  touchedCount: number,
  limit: number,
): { survivors: Uint32Array; rescored: number } | null {
  if (touchedCount < limit || terms.length > 255) return null;
  const touched = s.touched.subarray(0, touchedCount);
  // The most a word's other postings add to any table; a table the names missed has no more.
  let unnamed = 0;
  for (const word of terms) unnamed += unnamedMost(word);
  const threshold = s.total[topK(touched, s.total, limit)[limit - 1]!]!;
  // Scores are float32: the bound keeps a margin for their rounding.
  unnamed *= 1 + 1e-5;
  if (unnamed >= threshold) return null;
  // Plain loops: a typed array's filter with a callback took most of a ranking's time.
  const survivors = s.mine;
  let kept = 0;
  let openCount = 0;
  for (let k = 0; k < touchedCount; k++) {
    const t = touched[k]!;
    const settled = s.sure[t] === terms.length;
    if (s.total[t]! + (settled ? 0 : unnamed) < threshold) continue;
    survivors[kept++] = t;
    if (!settled) openCount++;
  }
  const open = new Uint32Array(openCount);
  for (let k = 0, o = 0; k < kept; k++)
    if (s.sure[survivors[k]!] !== terms.length) open[o++] = survivors[k]!;
  rescore(index, s, terms, open);
  return { survivors: survivors.subarray(0, kept), rescored: openCount };
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

function hitsOf(
  index: Postings,
  s: Scratch,
  candidates: Uint32Array,
  limit: number,
  pruned?: Term[][],
) {
  const top = topK(candidates, s.total, limit);
  // A table its name settled was scored without its other places: they are looked up now.
  if (pruned)
    for (const t of top)
      if (s.sure[t] === pruned.length) {
        let found = 0;
        for (const word of pruned) for (const { i } of word) found |= lookUp(index, i, t);
        s.found[t] = found;
      }
  return top.map((t) => {
    const schemaName = index.tables.schemaName(t);
    const objectName = index.tables.objectName(t);
    const rank = Math.round(s.total[t]! * 1e4) / 1e4;
    return { schemaName, objectName, rank, reasons: REASONS[s.found[t]! & 7]! };
  });
}

/**
 * The reasons of each combination of places, made once: a search returns a hundred hits, and
 * their reasons are read, never changed (fusion copies them into hits of its own).
 */
const REASONS: readonly MatchReason[][] = Array.from({ length: 8 }, (_, found) => [
  ...(found & NAME ? ['name' as const] : []),
  ...(found & COLUMN ? ['column' as const] : []),
  ...(found & COMMENT ? ['comment' as const] : []),
]);
