import type { Connection, TaggedObject } from '@sluice/contracts';

/** A table as an assistant or a prompt sees it. */
export interface TableDescription {
  connection: string;
  schema: string;
  table: string;
  kind: string;
  comment: string | null;
  rowEstimate: number | null;
  columns: {
    name: string;
    type: string;
    nullable: boolean;
    comment: string | null;
    primaryKey?: true;
    references?: string;
    pii?: true;
  }[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
}

/** A table as an assistant sees it: hidden columns, and the keys and indexes on them, left out. */
export function tableDescriptionOf(
  connection: Pick<Connection, 'name'>,
  o: TaggedObject,
): TableDescription {
  const hidden = new Set(o.columns.filter((c) => c.tag === 'hidden').map((c) => c.name));
  const shown = (names: string[]) => names.every((n) => !hidden.has(n));
  const references = new Map<string, string>();
  for (const fk of o.foreignKeys.filter((k) => shown(k.columns)))
    fk.columns.forEach((c, i) =>
      references.set(c, `${fk.referencedSchema}.${fk.referencedTable}.${fk.referencedColumns[i]}`),
    );
  return {
    connection: connection.name,
    schema: o.schemaName,
    table: o.name,
    kind: o.kind,
    comment: o.comment,
    rowEstimate: o.rowEstimate,
    columns: o.columns
      .filter((c) => !hidden.has(c.name))
      .map((c) => ({
        name: c.name,
        type: c.dataType,
        nullable: c.nullable,
        comment: c.comment,
        ...(o.primaryKey.includes(c.name) && { primaryKey: true as const }),
        ...(references.has(c.name) && { references: references.get(c.name)! }),
        ...(c.tag === 'pii' && { pii: true as const }),
      })),
    indexes: o.indexes.filter((i) => shown(i.columns)),
  };
}

/** Compact DDL: one line per column, then the indexes. */
export function tableText(t: TableDescription): string {
  const head = `${t.kind.toUpperCase().replace('_', ' ')} ${t.schema}.${t.table}${t.rowEstimate === null ? '' : ` (~${t.rowEstimate} rows)`}${t.comment ? ` -- ${t.comment}` : ''}`;
  const columns = t.columns.map(
    (c) =>
      `  ${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.primaryKey ? ' PK' : ''}` +
      `${c.references ? ` FK -> ${c.references}` : ''}${c.pii ? ' [PII: personal data]' : ''}` +
      `${c.comment ? ` -- ${c.comment}` : ''}`,
  );
  const indexes = t.indexes.map(
    (i) => `  INDEX ${i.name}${i.unique ? ' UNIQUE' : ''} (${i.columns.join(', ')})`,
  );
  return [head, ...columns, ...indexes].join('\n');
}
