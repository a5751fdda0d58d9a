import { seek, WEIGHTS, type Postings, type Scratch, type Term } from './postings';

/** About what finding a table in a posting list costs, in postings read. */
const SEARCH_STEPS = 40;

/**
 * The survivors' scores from all their postings, added as `accumulate` adds them. A posting
 * list is searched when the survivors are few beside its length, read once otherwise. The
 * survivors are sorted first, so that the searches of a list only move forward (a gallop from
 * the last table found, not a binary search of the whole list each time).
 */
export function rescore(index: Postings, s: Scratch, terms: Term[][], survivors: Uint32Array) {
  survivors.sort();
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
  const { table, bits } = index;
  for (const word of terms) {
    for (const { i, scale } of word) {
      const from = index.start[i]!;
      const named = index.named[i]!;
      const to = index.start[i + 1]!;
      if (survivors.length * SEARCH_STEPS < to - from) {
        // A table is in the name postings or in the others, once.
        let inName = from;
        let elsewhere = named;
        for (const t of survivors) {
          inName = seek(table, inName, named, t);
          if (inName < named && table[inName] === t) {
            score(t, bits[inName]!, scale);
            continue;
          }
          elsewhere = seek(table, elsewhere, to, t);
          if (elsewhere < to && table[elsewhere] === t) score(t, bits[elsewhere]!, scale);
        }
      } else
        for (let p = from; p < to; p++) {
          const t = table[p]!;
          if (s.flag[t] === 1) score(t, bits[p]!, scale);
        }
    }
    for (const t of survivors) {
      s.total[t] = s.total[t]! + s.best[t]!;
      s.best[t] = 0;
    }
  }
  for (const t of survivors) s.flag[t] = 0;
}
