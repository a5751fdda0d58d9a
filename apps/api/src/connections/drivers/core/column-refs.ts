import { refuse, type GuardRefusal } from './sql-guard';

/** What a parsed statement names: its tables (with aliases), columns, and stars. */
export interface StatementRefs {
  /** Each table or view in a FROM, lower-cased: its own name and the alias it goes by. */
  relations: { name: string; alias: string | null }[];
  /** The last part of every column reference (JOIN … USING included), lower-cased. */
  columns: string[];
  /** A `*` or `t.*` anywhere. */
  star: boolean;
  /** A NATURAL JOIN anywhere: it compares every column the two sides share. */
  natural: boolean;
}

/** The names a statement references, by a dialect's parser; null when it cannot parse it. */
export type RefsReader = (sql: string) => Promise<StatementRefs | null>;

export interface HiddenColumn {
  schema: string;
  table: string;
  column: string;
}

const hiddenRefusal = (message: string): GuardRefusal => refuse('QUERY_COLUMN_HIDDEN', message);

/**
 * Why a statement reaches a column hidden from assistants, or null. Names are compared without
 * case or schema, so a match errs towards refusing: a reference to a hidden column's name, a
 * star, a NATURAL JOIN, or a whole-row reference (`row_to_json(t)`) over a table that has one.
 */
export function hiddenColumnRefusal(
  refs: StatementRefs,
  hidden: readonly HiddenColumn[],
): GuardRefusal | null {
  const byTable = new Map<string, string[]>();
  for (const h of hidden) {
    const key = h.table.toLowerCase();
    byTable.set(key, [...(byTable.get(key) ?? []), h.column]);
  }
  const touched = refs.relations.filter((r) => byTable.has(r.name));
  if (touched.length === 0) return null;
  const names = new Set(touched.flatMap((r) => byTable.get(r.name)!.map((c) => c.toLowerCase())));
  const named = refs.columns.find((c) => names.has(c));
  if (named)
    return hiddenRefusal(
      `The column ${named} is hidden from assistants by an admin, so a query may not name it`,
    );
  const tables = [...new Set(touched.map((r) => r.name))].join(', ');
  if (refs.star)
    return hiddenRefusal(
      `${tables} has columns hidden from assistants, so * may not be used over it: name the columns you need`,
    );
  if (refs.natural)
    return hiddenRefusal(
      `${tables} has columns hidden from assistants, so NATURAL JOIN may not be used over it: join with ON`,
    );
  const whole = touched.find((r) => refs.columns.includes(r.alias ?? r.name));
  if (whole)
    return hiddenRefusal(
      `${whole.alias ?? whole.name} stands for whole rows of ${whole.name}, which has columns hidden from assistants: name the columns you need`,
    );
  return null;
}
