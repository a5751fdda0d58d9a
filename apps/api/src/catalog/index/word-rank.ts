import type { MatchReason } from '@sluice/contracts';
import type { QuestionWord } from './identifier-words';
import {
  clear,
  COLUMN,
  COMMENT,
  lookUp,
  lowerBound,
  NAME,
  scratchOf,
  unnamedBound,
} from './postings';
import type { Postings, Scratch, Term } from './postings';
import { rescore } from './word-rescore';
import { accumulate, readNames } from './word-names';
import { kthHighest, topK } from './top-k';

/** An abbreviation (`inv` for invoice) is a weaker match than the word itself. */
const ABBREVIATION = 0.8;
/** Below this idf (a word in over about 95% of a connection's tables) a word is not scored. */
const NEGLIGIBLE = 0.05;

/**
 * The `limit` tables of one connection whose words best match the question's. Each word
 * scores a table by its best match (the word, its singular, an abbreviation); words add up.
 *
 * Tables with a question's word in their name come first (max-score pruning): the name
 * postings are read until the best `limit` are settled (readNames), the others only where
 * they could still change the best `limit`.
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
  const unnamed = unnamedBound(terms);
  const threshold = kthHighest(touched, s.total, limit);
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
