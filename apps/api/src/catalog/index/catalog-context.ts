import { DB_TYPE_LABELS, type ContextTable, type MatchReason } from '@sluice/contracts';
import { tableDescriptionOf, tableText } from '../table-ddl';
import type { ContextObject } from './catalog-search.repository';
import type { TableRef } from './rank-fusion';

/** A table's foreign-key references, by `schema.table`. */
export interface Linked {
  name: string;
  refs: string[];
}

/**
 * Tables that join matched ones which do not join each other directly: a table two matched
 * tables reference (orders → customers ← invoices), or one that references two of them (an
 * order_items between orders and products). At most `max`, those joining most first.
 */
export function bridgesOf(selected: Linked[], neighbours: Linked[], max: number) {
  const chosen = new Set(selected.map((t) => t.name));
  const refsOf = new Map([...selected, ...neighbours].map((t) => [t.name, new Set(t.refs)]));
  const linked = (a: string, b: string) =>
    (refsOf.get(a)?.has(b) ?? false) || (refsOf.get(b)?.has(a) ?? false);
  const bridges: { name: string; joins: string[] }[] = [];
  for (const candidate of neighbours) {
    if (chosen.has(candidate.name)) continue;
    const joins = [...chosen].filter((s) => linked(s, candidate.name));
    const useful = joins.some((a, i) => joins.slice(i + 1).some((b) => !linked(a, b)));
    if (useful) bridges.push({ name: candidate.name, joins });
  }
  return bridges.sort((a, b) => b.joins.length - a.joins.length).slice(0, max);
}

/**
 * The tables' DDL one after the other, under each connection's name, within `maxChars`: a
 * table that does not fit is left out (and `truncated` says so), except the first, which is cut.
 */
export function withinBudget(
  tables: ContextTable[],
  maxChars: number,
  labelOf: (t: ContextTable) => string,
) {
  const kept: ContextTable[] = [];
  const lines: string[] = [];
  let size = 0;
  let last: string | null = null;
  for (const table of tables) {
    const header = last === table.connectionId ? '' : `-- ${labelOf(table)}\n`;
    const block = `${header}${table.ddl}\n`;
    if (size + block.length > maxChars) {
      if (kept.length > 0) continue;
      const cut = block.slice(0, maxChars);
      kept.push({ ...table, ddl: cut.slice(header.length) });
      lines.push(cut);
      size = cut.length;
      break;
    }
    kept.push(table);
    lines.push(block);
    size += block.length;
    last = table.connectionId;
  }
  return {
    tables: kept,
    text: lines.join('\n').trimEnd(),
    truncated: kept.length < tables.length || size >= maxChars,
  };
}

/** A table of a context: its DDL under its connection's label; null when it is gone. */
export function contextTableOf(
  t: TableRef & { reasons: MatchReason[]; joins: string[] },
  object: ContextObject | undefined,
) {
  if (!object) return null;
  const { connectionName, dbType } = object;
  return {
    connectionId: t.connectionId,
    connectionName,
    dbType,
    schemaName: t.schemaName,
    name: t.objectName,
    reasons: t.reasons,
    joins: t.joins,
    ddl: tableText(tableDescriptionOf({ name: connectionName }, object)),
    label: `${connectionName} (${DB_TYPE_LABELS[dbType]})`,
  };
}
