import { connect, type Socket } from 'node:net';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { CatalogObject } from '@sluice/contracts';
import type { ConnectionParams, IntrospectOptions } from '../core/types';
import { CatalogBuilder, numberOf, textOf, type Cell } from '../core/catalog-builder';
import {
  introspectionTarget,
  IntrospectionError,
  schemaFilter,
  schemaPatternsOf,
} from '../core/introspection';
import { classifyMysqlError } from './mysql.errors';
import { timeoutFailure } from '../core/network-failures';
import type { NetworkPolicy } from '../../network/network-policy';
import { MYSQL_PORT, mysqlErrorContextOf, mysqlSessionOptions } from './mysql.session';

const TABLES_SQL = `
select table_schema as schema_name, table_name as name, table_type as type,
       table_comment as comment, table_rows as row_estimate
  from information_schema.tables
 where table_schema in (?) and table_type in ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
 order by table_schema, table_name`;

const COLUMNS_SQL = `
select table_schema as schema_name, table_name, ordinal_position as ordinal, column_name as name,
       column_type as data_type, is_nullable as nullable, column_default as default_value,
       column_comment as comment
  from information_schema.columns
 where table_schema in (?)
 order by table_schema, table_name, ordinal_position`;

const KEYS_SQL = `
select table_schema as schema_name, table_name, constraint_name, column_name,
       referenced_table_schema as ref_schema, referenced_table_name as ref_table,
       referenced_column_name as ref_column
  from information_schema.key_column_usage
 where table_schema in (?) and (constraint_name = 'PRIMARY' or referenced_table_name is not null)
 order by table_schema, table_name, constraint_name, ordinal_position`;

const INDEXES_SQL = `
select table_schema as schema_name, table_name, index_name, non_unique, column_name
  from information_schema.statistics
 where table_schema in (?) and index_name <> 'PRIMARY'
 order by table_schema, table_name, index_name, seq_in_index`;

/** The four catalog queries over a list of schemas; `npm run bench -- ingest` times them alone. */
export const MYSQL_CATALOG_QUERIES = [TABLES_SQL, COLUMNS_SQL, KEYS_SQL, INDEXES_SQL] as const;

/** MySQL's and MariaDB's schema from information_schema, in a read-only session. */
export async function introspectMysql(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = mysqlErrorContextOf(params);
  const { host, port, address, connectPort, fail } = await introspectionTarget(
    policy,
    params,
    MYSQL_PORT,
    options.timeoutMs,
    (error) => classifyMysqlError(error, ctx),
  );

  let connection: Connection | undefined;
  let socket: Socket | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    socket?.destroy();
    connection?.destroy();
  }, options.timeoutMs);
  const query = async (sql: string, values: unknown[] = []) => {
    const [rows] = await connection!.query<RowDataPacket[]>({
      sql,
      values,
      timeout: options.timeoutMs,
    });
    return rows as Record<string, Cell>[];
  };
  try {
    socket = connect({ host: address, port: connectPort });
    connection = await createConnection({
      ...mysqlSessionOptions(params, socket, options.timeoutMs),
      supportBigNumbers: true,
    });
    await query('SET SESSION TRANSACTION READ ONLY');
    const patterns = schemaPatternsOf(params.options);
    const include = schemaFilter(patterns);
    const visible = (await query('select schema_name as name from information_schema.schemata'))
      .map((r) => String(r['name']))
      .filter(include);
    // A connection naming a database reads that one unless its patterns ask for others.
    const schemas =
      params.databaseName && !patterns?.include?.length
        ? visible.filter((s) => s === params.databaseName)
        : visible;
    if (schemas.length === 0) return [];

    const catalog = new CatalogBuilder();
    for (const row of await query(TABLES_SQL, [schemas])) {
      catalog.addObject(
        String(row['schema_name']),
        String(row['name']),
        row['type'] === 'VIEW' ? 'view' : 'table',
        textOf(row['comment']),
        numberOf(row['row_estimate']),
      );
    }
    options.onObjectsListed?.(catalog.size);
    for (const row of await query(COLUMNS_SQL, [schemas])) {
      catalog.addColumn(row['schema_name'], row['table_name'], {
        ordinal: Number(row['ordinal']),
        name: String(row['name']),
        dataType: String(row['data_type']),
        nullable: row['nullable'] === 'YES',
        // MariaDB spells "no default" as the word NULL; a string default comes quoted ('NULL').
        defaultValue: row['default_value'] === 'NULL' ? null : textOf(row['default_value']),
        comment: textOf(row['comment']) || null,
      });
    }
    for (const row of await query(KEYS_SQL, [schemas])) {
      const column = String(row['column_name']);
      const name = String(row['constraint_name']);
      if (name === 'PRIMARY') {
        catalog.addPrimaryKeyColumn(row['schema_name'], row['table_name'], column);
      } else {
        catalog.addForeignKeyColumn(row['schema_name'], row['table_name'], name, column, {
          schema: String(row['ref_schema']),
          table: String(row['ref_table']),
          column: String(row['ref_column']),
        });
      }
    }
    for (const row of await query(INDEXES_SQL, [schemas])) {
      catalog.addIndexColumn(
        row['schema_name'],
        row['table_name'],
        String(row['index_name']),
        Number(row['non_unique']) === 0,
        textOf(row['column_name']) ?? '(expression)',
      );
    }
    return catalog.build();
  } catch (error) {
    if (timedOut) throw new IntrospectionError(timeoutFailure(host, port, options.timeoutMs));
    return fail(error);
  } finally {
    clearTimeout(timer);
    socket?.destroy();
    connection?.destroy();
  }
}
