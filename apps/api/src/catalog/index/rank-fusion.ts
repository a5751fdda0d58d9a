import type { CatalogSearchHit, MatchReason } from '@sluice/contracts';
import { higherFirst } from './top-k';

/** Reciprocal rank fusion's constant: ranks 1 and 2 differ little, rank 1 and 50 a lot. */
const K = 60;

export interface TableRef {
  connectionId: string;
  schemaName: string;
  objectName: string;
}

/** A table with why it matched. */
export type Reasoned = TableRef & { reasons: MatchReason[] };

export interface RankedTable extends TableRef {
  score: number;
  reasons: MatchReason[];
}

export const tableKey = (t: TableRef) =>
  `${t.connectionId}\u0000${t.schemaName}\u0000${t.objectName}`;

/** What a lexical hit says about why it matched. */
export const reasonOf = (hit: Pick<CatalogSearchHit, 'matched'>): MatchReason =>
  hit.matched === 'table'
    ? 'name'
    : hit.matched === 'column'
      ? 'column'
      : hit.matched === 'comment'
        ? 'comment'
        : 'semantic';

/** The other way: what a table found by words or meaning matched best. */
export const matchedOf = (reasons: MatchReason[]): CatalogSearchHit['matched'] =>
  reasons.includes('name')
    ? 'table'
    : reasons.includes('comment')
      ? 'comment'
      : reasons.includes('column')
        ? 'column'
        : 'semantic';

/**
 * Tables ranked by reciprocal rank fusion of several rankings (each best first): a table's
 * score is the sum of 1 / (60 + its rank) in each list it appears in, so that agreement
 * between names, words and meaning wins over one list's top.
 */
export function fuseTables(lists: { items: TableRef[]; reasons: (i: number) => MatchReason[] }[]) {
  const tables = new Map<string, RankedTable>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.items.forEach((item, i) => {
      const key = tableKey(item);
      const entry = tables.get(key) ?? named(item, { score: 0, reasons: [] as MatchReason[] });
      for (const reason of list.reasons(i))
        if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
      // A table counts once per list, at its best rank.
      if (!seen.has(key)) entry.score += 1 / (K + seen.size + 1);
      seen.add(key);
      tables.set(key, entry);
    });
  }
  return [...tables.values()].sort((a, b) => higherFirst(a.score, b.score));
}

/**
 * A table's name alone, with what else it gets, written out: spreading the result of a call
 * into a literal took ten times as long (V8), and a search fuses a few hundred.
 */
const named = <T extends object>(
  { connectionId, schemaName, objectName }: TableRef,
  rest: T,
): TableRef & T => Object.assign({ connectionId, schemaName, objectName }, rest);

/** A table only words or meaning found: fused by its name, its hit read once it is shown. */
export type PendingHit = Reasoned & { score: number; pending: true };
export type FusedHit = CatalogSearchHit | PendingHit;

export const isPending = (hit: FusedHit): hit is PendingHit => 'pending' in hit;

/**
 * Search hits in fused order: each lexical hit keeps its place in the lexical list, and a
 * table that words or meaning also found adds their score and reasons to its best hit; a table
 * only they found becomes a pending hit of its own (read when it is on the page asked for).
 */
export function fuseHits(lexical: CatalogSearchHit[], others: Reasoned[][]): FusedHit[] {
  const fused: FusedHit[] = lexical.map((h, i) => ({
    ...h,
    reasons: h.reasons.length ? h.reasons : [reasonOf(h)],
    score: 1 / (K + i + 1),
  }));
  const bestOf = new Map<string, FusedHit>();
  for (const h of fused) {
    const key = tableKey(h);
    if (!bestOf.has(key)) bestOf.set(key, h);
  }
  for (const list of others)
    list.forEach((table, rank) => {
      const key = tableKey(table);
      const add = 1 / (K + rank + 1);
      const found = bestOf.get(key);
      if (found) {
        found.score += add;
        for (const r of table.reasons) if (!found.reasons.includes(r)) found.reasons.push(r);
      } else {
        const entry: PendingHit = named(table, {
          reasons: [...table.reasons],
          score: add,
          pending: true as const,
        });
        fused.push(entry);
        bestOf.set(key, entry);
      }
    });
  fused.sort((a, b) => higherFirst(a.score, b.score));
  // Every hit here is this fusion's own: rounded in place rather than copied.
  for (const h of fused) h.score = Math.round(h.score * 1e4) / 1e4;
  return fused;
}

/** Hits with the pending ones read by `read` (once, together); tables it does not know left out. */
export async function readPending(
  hits: FusedHit[],
  read: (tables: TableRef[]) => Promise<CatalogSearchHit[]>,
): Promise<CatalogSearchHit[]> {
  const pending = hits.filter(isPending);
  if (pending.length === 0) return hits as CatalogSearchHit[];
  const byKey = new Map((await read(pending)).map((h) => [tableKey(h), h]));
  return hits.flatMap((h) => {
    if (!isPending(h)) return [h];
    const hit = byKey.get(tableKey(h));
    return hit
      ? [{ ...hit, reasons: h.reasons, matched: matchedOf(h.reasons), score: h.score }]
      : [];
  });
}

/** Hits grouped by their table, in the order of each table's best hit. */
export function groupByTable<T extends TableRef>(hits: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const hit of hits) {
    const key = tableKey(hit);
    const group = groups.get(key);
    if (group) group.push(hit);
    else groups.set(key, [hit]);
  }
  return [...groups.values()];
}
