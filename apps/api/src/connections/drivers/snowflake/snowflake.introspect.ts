import type { CatalogObject } from '@sluice/contracts';
import type { CellRow } from '../core/catalog-builder';
import { readCatalog, withIntrospectionSession } from '../core/catalog-read';
import type { ConnectionParams, IntrospectOptions } from '../core/types';
import { introspectionTarget, IntrospectionError } from '../core/introspection';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifySnowflakeError } from './snowflake.errors';
import {
  openSnowflake,
  SNOWFLAKE_PORT,
  snowflakeContextOf,
  type SnowflakeSession,
} from './snowflake.session';

const TABLES_SQL = `
SELECT table_schema AS "SCHEMA_NAME", table_name AS "NAME",
       CASE WHEN table_type IN ('VIEW', 'MATERIALIZED VIEW') THEN 'view' ELSE 'table' END AS "KIND",
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

/**
 * Snowflake keeps key columns out of INFORMATION_SCHEMA; SHOW reads them for the whole database,
 * in its own lower-case shape, turned here into the common one.
 */
async function keysOf(session: SnowflakeSession): Promise<CellRow[]> {
  const primary = (await session.query('SHOW PRIMARY KEYS IN DATABASE')).map((r) => ({
    SCHEMA_NAME: r['schema_name'],
    TABLE_NAME: r['table_name'],
    CONSTRAINT_NAME: r['constraint_name'],
    KEY_TYPE: 'PRIMARY',
    COLUMN_NAME: r['column_name'],
    POSITION: Number(r['key_sequence']),
  }));
  const foreign = (await session.query('SHOW IMPORTED KEYS IN DATABASE')).map((r) => ({
    SCHEMA_NAME: r['fk_schema_name'],
    TABLE_NAME: r['fk_table_name'],
    CONSTRAINT_NAME: r['fk_name'],
    KEY_TYPE: 'FOREIGN',
    COLUMN_NAME: r['fk_column_name'],
    REF_SCHEMA: r['pk_schema_name'],
    REF_TABLE: r['pk_table_name'],
    REF_COLUMN: r['pk_column_name'],
    POSITION: Number(r['key_sequence']),
  }));
  return [...primary, ...foreign].sort((a, b) => a.POSITION - b.POSITION);
}

/** One database's schema from its INFORMATION_SCHEMA and SHOW … KEYS; Snowflake has no indexes. */
export async function introspectSnowflake(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = snowflakeContextOf(params);
  const target = await introspectionTarget(policy, params, SNOWFLAKE_PORT, options.timeoutMs, (e) =>
    classifySnowflakeError(e, ctx, options.timeoutMs),
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
  return withIntrospectionSession(
    target,
    options,
    (onAbandon) =>
      openSnowflake(params, options.timeoutMs, (connection) =>
        onAbandon(() => connection.destroy(() => undefined)),
      ),
    (session) =>
      readCatalog(
        session,
        { objects: TABLES_SQL, columns: COLUMNS_SQL, keys: () => keysOf(session) },
        params,
        options,
      ),
  );
}
