import type { Astify } from './node-sql-guard';
import type { StatementRefs } from './column-refs';
import { nodesOf } from './sql-guard';

/** A name node-sql-parser gives as a string or as `{ expr: { value } }`. */
function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return value.toLowerCase();
  const inner = (value as { expr?: { value?: unknown } } | null)?.expr?.value;
  return typeof inner === 'string' ? inner.toLowerCase() : null;
}

/** The tables, columns and stars of a statement, by node-sql-parser's grammars; null if none parses. */
export function nodeSqlRefs(astifiers: Astify[], sql: string): StatementRefs | null {
  let parsed: unknown;
  for (const astify of astifiers) {
    try {
      parsed = astify(sql);
      break;
    } catch {
      // the next grammar, or null
    }
  }
  if (parsed === undefined) return null;
  const refs: StatementRefs = { relations: [], columns: [], star: false, natural: false };
  for (const { key, node } of nodesOf(parsed)) {
    if (node['type'] === 'column_ref') {
      const column = nameOf(node['column']);
      if (column === '*') refs.star = true;
      else if (column) refs.columns.push(column);
    } else if (key === 'from' && typeof node['table'] === 'string') {
      const alias = nameOf(node['as']);
      refs.relations.push({ name: node['table'].toLowerCase(), alias });
      if (typeof node['join'] === 'string' && /natural/i.test(node['join'])) refs.natural = true;
      for (const name of (node['using'] as unknown[] | undefined) ?? []) {
        const column = nameOf(name) ?? nameOf({ expr: name });
        if (column) refs.columns.push(column);
      }
    }
  }
  return refs;
}
