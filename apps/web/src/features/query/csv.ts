import type { QueryColumn, QueryValue } from '@sluice/contracts';

function cell(value: QueryValue): string {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header of column names, then one line per row. */
export function toCsv(columns: QueryColumn[], rows: QueryValue[][]): string {
  return [columns.map((c) => cell(c.name)), ...rows.map((r) => r.map(cell))]
    .map((line) => line.join(','))
    .join('\r\n');
}

/** Line and column (1-based) of a 1-based character position in `text`. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1)).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
