import type { TableNames } from './table-names';

/** A table near the ones asked for, with its references (`schema.table` texts). */
export interface Neighbour {
  name: string;
  refs: string[];
  schemaName: string;
  objectName: string;
}

/** At most this many tables each way: what the selection references, what references it. */
const MAX_EACH_WAY = 500;

/**
 * A connection's foreign keys between its indexed tables, by table number, both ways (each as
 * offsets into one array: table t's are to[start[t]] .. to[start[t + 1]]), and the tables in
 * name order, to find one by name without a map of every name.
 */
export interface ForeignKeys {
  byName: Uint32Array;
  refStart: Uint32Array;
  refTo: Uint32Array;
  backStart: Uint32Array;
  backFrom: Uint32Array;
  bytes: number;
}

/**
 * The graph of `refs` (table number → the `schema.table` texts it references). A reference is
 * looked up at each of its dots, so a schema or table whose name holds a dot is still found (and
 * `a.b.c` joins both `a`.`b.c` and `a.b`.`c` when both exist); one to no indexed table is dropped.
 */
export function foreignKeysOf(
  tables: TableNames,
  refs: Map<number, string[]>,
  find: (schemaName: string, objectName: string) => number | undefined,
): ForeignKeys {
  const from: number[] = [];
  const to: number[] = [];
  for (const [t, texts] of refs)
    for (const text of texts)
      for (let dot = text.indexOf('.', 1); dot > 0; dot = text.indexOf('.', dot + 1)) {
        const target = find(text.slice(0, dot), text.slice(dot + 1));
        if (target === undefined) continue;
        from.push(t);
        to.push(target);
      }
  const [refStart, refTo] = adjacency(tables.length, from, to);
  const [backStart, backFrom] = adjacency(tables.length, to, from);
  const byName = new Uint32Array(tables.length);
  for (let t = 0; t < byName.length; t++) byName[t] = t;
  byName.sort((a, b) => tables.compare(a, tables.schemaName(b), tables.objectName(b)));
  const arrays = [byName, refStart, refTo, backStart, backFrom];
  const bytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  return { byName, refStart, refTo, backStart, backFrom, bytes };
}

/** Edges a[i] → b[i] as offsets per source and their targets, in the order given. */
function adjacency(count: number, a: number[], b: number[]): [Uint32Array, Uint32Array] {
  const start = new Uint32Array(count + 1);
  for (const t of a) start[t + 1]!++;
  for (let t = 0; t < count; t++) start[t + 1]! += start[t]!;
  const next = start.slice(0, count);
  const targets = new Uint32Array(a.length);
  a.forEach((t, i) => (targets[next[t]!++] = b[i]!));
  return [start, targets];
}

/** The number of the table named so, or undefined. */
export function tableNumber(
  tables: TableNames,
  keys: ForeignKeys,
  schemaName: string,
  objectName: string,
): number | undefined {
  let lo = 0;
  let hi = keys.byName.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tables.compare(keys.byName[mid]!, schemaName, objectName) < 0) lo = mid + 1;
    else hi = mid;
  }
  const t = keys.byName[lo];
  return t !== undefined && tables.compare(t, schemaName, objectName) === 0 ? t : undefined;
}

/**
 * The selected tables, then those they reference, then those referencing them (at most 500
 * each way), each once and with its own references: what a context's joins are chosen from.
 */
export function neighboursOf(
  tables: TableNames,
  keys: ForeignKeys,
  selected: number[],
): Neighbour[] {
  const seen = new Set(selected);
  const order = [...seen];
  const add = (start: Uint32Array, list: Uint32Array) => {
    let added = 0;
    for (const t of selected)
      for (let i = start[t]!; i < start[t + 1]! && added < MAX_EACH_WAY; i++) {
        const n = list[i]!;
        if (seen.has(n)) continue;
        seen.add(n);
        order.push(n);
        added++;
      }
  };
  add(keys.refStart, keys.refTo);
  add(keys.backStart, keys.backFrom);
  return order.map((t) => {
    const refs: string[] = [];
    for (let i = keys.refStart[t]!; i < keys.refStart[t + 1]!; i++)
      refs.push(tables.qualified(keys.refTo[i]!));
    const schemaName = tables.schemaName(t);
    const objectName = tables.objectName(t);
    return { name: tables.qualified(t), refs: [...new Set(refs)], schemaName, objectName };
  });
}
