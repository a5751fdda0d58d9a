import { createHash } from 'node:crypto';
import type { TaggedObject } from '@sluice/contracts';
import { wordsOf } from './identifier-words';

/** About how many columns one document holds: a wider table is split into several. */
export const COLUMNS_PER_DOCUMENT = 50;

/** What the index stores of one table or view (or one part of a wide one). */
export interface CatalogDocument {
  schemaName: string;
  objectName: string;
  part: number;
  /** What is embedded: the qualified name, comment and columns; never row data. */
  text: string;
  contentHash: string;
  /** Words of the table's name (weight A), its columns' names (B), and comments (C). */
  nameWords: string;
  columnWords: string;
  commentWords: string;
  /** `schema.table` of each table a foreign key references. */
  refs: string[];
  /** What the document was made from (see `sourceOf`); null when it cannot be told. */
  sourceHash: string | null;
}

/** Made differently, documents must all be made again: part of every source hash. */
const DOCUMENTS_VERSION = '1';

/**
 * What a table's documents are made from: its catalog content (the sync's hash of it) and its
 * hidden columns. Same source, same documents: an index run need not read the table.
 */
export function sourceOf(contentHash: string | null, hidden: string[]): string | null {
  if (!contentHash) return null;
  return createHash('sha256')
    .update(JSON.stringify([DOCUMENTS_VERSION, contentHash, [...hidden].sort()]))
    .digest('base64url')
    .slice(0, 32);
}

const split = (text: string | null) => (text ? wordsOf(text).join(' ') : '');

/**
 * A table's documents: `name type [PK] [FK → table.column] comment` per column, under its
 * qualified name and comment. Hidden columns are left out, so an assistant's search never
 * finds a table through them.
 */
export function documentsOf(o: TaggedObject, sourceHash: string | null = null): CatalogDocument[] {
  const columns = o.columns.filter((c) => c.tag !== 'hidden');
  const hidden = new Set(o.columns.filter((c) => c.tag === 'hidden').map((c) => c.name));
  const references = new Map<string, string>();
  for (const fk of o.foreignKeys)
    fk.columns.forEach((c, i) =>
      references.set(c, `${fk.referencedTable}.${fk.referencedColumns[i] ?? ''}`),
    );
  const refs = [
    ...new Set(
      o.foreignKeys
        .filter((fk) => fk.columns.every((c) => !hidden.has(c)))
        .map((fk) => `${fk.referencedSchema}.${fk.referencedTable}`),
    ),
  ];
  const head = `${o.kind.replace('_', ' ')} ${o.schemaName}.${o.name}${o.comment ? `: ${o.comment}` : ''}`;
  const parts = Math.max(1, Math.ceil(columns.length / COLUMNS_PER_DOCUMENT));
  return Array.from({ length: parts }, (_, part) => {
    const slice = columns.slice(part * COLUMNS_PER_DOCUMENT, (part + 1) * COLUMNS_PER_DOCUMENT);
    const lines = slice.map(
      (c) =>
        `${c.name} ${c.dataType}${o.primaryKey.includes(c.name) ? ' PK' : ''}` +
        `${references.has(c.name) ? ` FK → ${references.get(c.name)}` : ''}` +
        `${c.comment ? ` ${c.comment}` : ''}`,
    );
    const text = [head, ...lines].join('\n');
    return {
      schemaName: o.schemaName,
      objectName: o.name,
      part,
      text,
      contentHash: createHash('sha256').update(text).digest('base64url').slice(0, 32),
      nameWords: `${o.name.toLowerCase()} ${split(o.name)}`,
      columnWords: slice.map((c) => split(c.name)).join(' '),
      commentWords: [o.comment, ...slice.map((c) => c.comment)].map(split).join(' '),
      refs,
      sourceHash,
    };
  });
}
