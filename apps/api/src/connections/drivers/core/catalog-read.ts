import type { CatalogObject } from '@sluice/contracts';
import { CatalogBuilder, numberOf, textOf, type CellRow } from './catalog-builder';
import type { ConnectionParams, IntrospectOptions } from './types';
import { IntrospectionError, schemaFilter, schemaPatternsOf } from './introspection';
import { timeoutFailure } from './network-failures';

/** Rows from a statement, or from a dialect's own way of listing (Snowflake's SHOW). */
export type RowSource = string | (() => Promise<CellRow[]>);

/**
 * A dialect's catalog as four row sets with the same upper-case column names, so that one reader
 * serves SQL Server, Oracle, Snowflake and Databricks:
 * - objects: SCHEMA_NAME, NAME, KIND ('table' | 'view'), COMMENT, ROW_ESTIMATE
 * - columns: SCHEMA_NAME, TABLE_NAME, ORDINAL, NAME, DATA_TYPE, NULLABLE ('YES' | 'NO'),
 *   DEFAULT_VALUE, COMMENT
 * - keys: SCHEMA_NAME, TABLE_NAME, CONSTRAINT_NAME, KEY_TYPE ('PRIMARY' | 'FOREIGN'),
 *   COLUMN_NAME, REF_SCHEMA, REF_TABLE, REF_COLUMN, in key column order
 * - indexes (optional): SCHEMA_NAME, TABLE_NAME, INDEX_NAME, IS_UNIQUE ('YES' | 'NO'),
 *   COLUMN_NAME, in index column order, primary keys' own indexes left out
 */
export interface CatalogQueries {
  objects: RowSource;
  columns: RowSource;
  keys: RowSource;
  indexes?: RowSource;
}

const text = (row: CellRow, name: string) => String(row[name]);

/** Reads a dialect's catalog through an open session, with the connection's schema patterns. */
export async function readCatalog(
  session: { query(sql: string): Promise<CellRow[]> },
  queries: CatalogQueries,
  params: ConnectionParams,
  { onObjectsListed }: IntrospectOptions,
): Promise<CatalogObject[]> {
  const include = schemaFilter(schemaPatternsOf(params.options));
  const rows = (source: RowSource) =>
    typeof source === 'string' ? session.query(source) : source();
  const catalog = new CatalogBuilder();
  for (const row of await rows(queries.objects)) {
    const schema = text(row, 'SCHEMA_NAME');
    if (!include(schema)) continue;
    catalog.addObject(
      schema,
      text(row, 'NAME'),
      row['KIND'] === 'view' ? 'view' : 'table',
      textOf(row['COMMENT']),
      numberOf(row['ROW_ESTIMATE']),
    );
  }
  onObjectsListed?.(catalog.size);
  for (const row of await rows(queries.columns)) {
    catalog.addColumn(row['SCHEMA_NAME'], row['TABLE_NAME'], {
      ordinal: Number(row['ORDINAL']),
      name: text(row, 'NAME'),
      dataType: text(row, 'DATA_TYPE'),
      nullable: row['NULLABLE'] === 'YES',
      defaultValue: textOf(row['DEFAULT_VALUE'])?.trim() || null,
      comment: textOf(row['COMMENT']),
    });
  }
  for (const row of await rows(queries.keys)) {
    const [schema, table, column] = [
      row['SCHEMA_NAME'],
      row['TABLE_NAME'],
      text(row, 'COLUMN_NAME'),
    ];
    if (row['KEY_TYPE'] === 'PRIMARY') {
      catalog.addPrimaryKeyColumn(schema, table, column);
    } else {
      catalog.addForeignKeyColumn(schema, table, text(row, 'CONSTRAINT_NAME'), column, {
        schema: text(row, 'REF_SCHEMA'),
        table: text(row, 'REF_TABLE'),
        column: text(row, 'REF_COLUMN'),
      });
    }
  }
  for (const row of queries.indexes ? await rows(queries.indexes) : []) {
    catalog.addIndexColumn(
      row['SCHEMA_NAME'],
      row['TABLE_NAME'],
      text(row, 'INDEX_NAME'),
      row['IS_UNIQUE'] === 'YES',
      text(row, 'COLUMN_NAME'),
    );
  }
  return catalog.build();
}

/**
 * Opens a session for an introspection, reads with it, and closes it on every path; the whole
 * read has one deadline, after which the session (and any login still under way) is abandoned
 * and the failure is a TIMEOUT.
 */
export async function withIntrospectionSession<S extends { close(): void | Promise<void> }>(
  target: { host: string; port: number; fail: (error: unknown) => never },
  options: IntrospectOptions,
  open: (onAbandon: (abandon: () => void) => void) => Promise<S>,
  read: (session: S) => Promise<CatalogObject[]>,
): Promise<CatalogObject[]> {
  let session: S | undefined;
  let abandon = () => undefined as void;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abandon();
    void session?.close();
  }, options.timeoutMs);
  try {
    session = await open((stop) => (abandon = stop));
    return await read(session);
  } catch (error) {
    if (timedOut)
      throw new IntrospectionError(timeoutFailure(target.host, target.port, options.timeoutMs));
    return target.fail(error);
  } finally {
    clearTimeout(timer);
    // Waited for (a little), so that a session's goodbye reaches the server before the
    // driver thread is ended.
    await closeWithin(session, 2000);
    abandon();
  }
}

async function closeWithin(session: { close(): void | Promise<void> } | undefined, ms: number) {
  if (!session) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve(session.close()).catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
