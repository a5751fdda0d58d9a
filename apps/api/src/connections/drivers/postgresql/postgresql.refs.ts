import { loadModule, parseSync } from 'libpg-query';
import type { RefsReader, StatementRefs } from '../core/column-refs';
import { nodesOf } from '../core/sql-guard';

let loaded: Promise<void> | undefined;

const lower = (value: unknown) => String(value).toLowerCase();

/** The tables, columns and stars of a statement, as PostgreSQL's own parser reads it. */
export const postgresqlRefs: RefsReader = async (sql) => {
  await (loaded ??= loadModule());
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return null;
  }
  const refs: StatementRefs = { relations: [], columns: [], star: false, natural: false };
  for (const { key, node } of nodesOf(tree)) {
    if (key === 'RangeVar') {
      const alias = (node['alias'] as { aliasname?: unknown } | undefined)?.aliasname;
      refs.relations.push({ name: lower(node['relname']), alias: alias ? lower(alias) : null });
    } else if (key === 'ColumnRef') {
      const fields = (node['fields'] as Record<string, { sval?: unknown }>[] | undefined) ?? [];
      const last = fields[fields.length - 1];
      if (last && 'A_Star' in last) refs.star = true;
      else if (last?.['String']) refs.columns.push(lower(last['String'].sval));
    } else if (key === 'JoinExpr') {
      if (node['isNatural']) refs.natural = true;
      for (const { key: k, node: name } of nodesOf(node['usingClause']))
        if (k === 'String') refs.columns.push(lower(name['sval']));
    } else if (key === 'A_Indirection') {
      // (t).col: the field after a row is a column reference too.
      for (const { key: k, node: name } of nodesOf(node['indirection']))
        if (k === 'String') refs.columns.push(lower(name['sval']));
        else if (k === 'A_Star') refs.star = true;
    }
  }
  return refs;
};
