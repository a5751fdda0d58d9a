/**
 * SQLite has no COMMENT: by a common convention, a `-- text` line right after `CREATE TABLE x (`
 * describes the table, and a `-- text` at the end of a column's line describes the column.
 * Read from the statement SQLite keeps in sqlite_schema.sql, as it was written.
 */
export interface SqliteComments {
  table: string | null;
  columns: Map<string, string>;
}

const NOT_A_COLUMN = /^(constraint|primary|foreign|unique|check)\b/i;
const COLUMN_LINE =
  /^\s*(?:"([^"]+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w$]*))\s[^\n]*?--\s*(.+?)\s*$/;

export function sqliteComments(sql: string | null): SqliteComments {
  const columns = new Map<string, string>();
  if (!sql) return { table: null, columns };
  const open = sql.indexOf('(');
  if (open < 0) return { table: null, columns };
  const lines = sql.slice(open + 1).split('\n');
  let table = lines[0]?.match(/^\s*--\s*(.+?)\s*$/)?.[1] ?? null;
  let columnSeen = false;
  for (const line of lines.slice(1)) {
    const only = line.match(/^\s*--\s*(.+?)\s*$/);
    if (only) {
      // Comment lines before the first column still describe the table.
      if (!columnSeen) table = table ? `${table} ${only[1]}` : (only[1] ?? null);
      continue;
    }
    if (!/\S/.test(line) || NOT_A_COLUMN.test(line.trim())) continue;
    columnSeen = true;
    const match = line.match(COLUMN_LINE);
    if (match) columns.set(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '', match[5] ?? '');
  }
  return { table, columns };
}
