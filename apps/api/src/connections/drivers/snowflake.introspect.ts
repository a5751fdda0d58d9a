import type { CatalogObject } from '@sluice/contracts';
import { CatalogBuilder, numberOf, textOf } from './catalog-builder';
import type { ConnectionParams } from './driver.interface';
import {
  introspectionTarget,
  IntrospectionError,
  schemaFilter,
  schemaPatternsOf,
  type IntrospectOptions,
} from './introspection';
import { timeoutFailure } from './network';
import type { NetworkPolicy } from './network-policy';
import { classifySnowflakeError } from './snowflake.errors';
import {
  openSnowflake,
  SNOWFLAKE_PORT,
  snowflakeContextOf,
  type SnowflakeSession,
} from './snowflake.session';

const TABLES_SQL = `
SELECT table_schema AS "SCHEMA_NAME", table_name AS "NAME", table_type AS "TYPE",
       comment AS "COMMENT", row_count AS "ROW_ESTIMATE"
  FROM information_schema.tables
 WHERE table_schema <> 'INFORMATION_SCHEMA'
 ORDER BY 1, 2`;

const COLUMNS_SQL = `
SELECT table_schema AS "SCHEMA_NAME", table_name AS "TABLE_NAME", ordinal_position AS "ORDINAL",
       column_name AS "NAME",
       CASE WHEN data_type = 'TEXT' THEN 'VARCHAR(' || character_maximum_length || ')'
            WHEN data_type = 'NUMBER' THEN 'NUMBER(' || numeric_precision || ',' || numeric_scale || ')'
            ELSE data_type END AS "DATA_TYPE",
       is_nullable AS "NULLABLE", column_default AS "DEFAULT_VALUE", comment AS "COMMENT"
  FROM information_schema.columns
 WHERE table_schema <> 'INFORMATION_SCHEMA'
 ORDER BY 1, 2, 3`;

/** Snowflake keeps key columns out of INFORMATION_SCHEMA; SHOW reads them for the whole database. */
const PRIMARY_KEYS_SQL = 'SHOW PRIMARY KEYS IN DATABASE';
const FOREIGN_KEYS_SQL = 'SHOW IMPORTED KEYS IN DATABASE';

export const SNOWFLAKE_CATALOG_QUERIES = [
  TABLES_SQL,
  COLUMNS_SQL,
  PRIMARY_KEYS_SQL,
  FOREIGN_KEYS_SQL,
] as const;

const byKeySequence = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Number(a['key_sequence']) - Number(b['key_sequence']);

/** One database's schema from its INFORMATION_SCHEMA and SHOW … KEYS; Snowflake has no indexes. */
export async function introspectSnowflake(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = snowflakeContextOf(params);
  const { host, port, fail } = await introspectionTarget(
    policy,
    params,
    SNOWFLAKE_PORT,
    options.timeoutMs,
    (error) => classifySnowflakeError(error, ctx, options.timeoutMs),
  );
  if (!params.databaseName) {
    throw new IntrospectionError(
      {
        errorCode: 'DATABASE_NOT_FOUND',
        message: 'No database is set, and a Snowflake catalog is read one database at a time',
        hint: 'Enter the database name of the connection.',
      },
      false,
    );
  }
  let session: SnowflakeSession | undefined;
  let abandon = () => undefined as void;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abandon();
  }, options.timeoutMs);
  try {
    session = await openSnowflake(params, options.timeoutMs, (connection) => {
      abandon = () => connection.destroy(() => undefined);
    });
    const include = schemaFilter(schemaPatternsOf(params.options));
    const catalog = new CatalogBuilder();
    for (const row of await session.query(TABLES_SQL)) {
      const schema = String(row['SCHEMA_NAME']);
      if (!include(schema)) continue;
      catalog.addObject(
        schema,
        String(row['NAME']),
        row['TYPE'] === 'VIEW' || row['TYPE'] === 'MATERIALIZED VIEW' ? 'view' : 'table',
        textOf(row['COMMENT']),
        numberOf(row['ROW_ESTIMATE']),
      );
    }
    options.onObjectsListed?.(catalog.size);
    for (const row of await session.query(COLUMNS_SQL)) {
      catalog.addColumn(row['SCHEMA_NAME'], row['TABLE_NAME'], {
        ordinal: Number(row['ORDINAL']),
        name: String(row['NAME']),
        dataType: String(row['DATA_TYPE']),
        nullable: row['NULLABLE'] === 'YES',
        defaultValue: textOf(row['DEFAULT_VALUE']),
        comment: textOf(row['COMMENT']),
      });
    }
    for (const row of (await session.query(PRIMARY_KEYS_SQL)).sort(byKeySequence)) {
      catalog.addPrimaryKeyColumn(
        row['schema_name'],
        row['table_name'],
        String(row['column_name']),
      );
    }
    for (const row of (await session.query(FOREIGN_KEYS_SQL)).sort(byKeySequence)) {
      catalog.addForeignKeyColumn(
        row['fk_schema_name'],
        row['fk_table_name'],
        String(row['fk_name']),
        String(row['fk_column_name']),
        {
          schema: String(row['pk_schema_name']),
          table: String(row['pk_table_name']),
          column: String(row['pk_column_name']),
        },
      );
    }
    return catalog.build();
  } catch (error) {
    if (timedOut) throw new IntrospectionError(timeoutFailure(host, port, options.timeoutMs));
    return fail(error);
  } finally {
    clearTimeout(timer);
    abandon();
  }
}
