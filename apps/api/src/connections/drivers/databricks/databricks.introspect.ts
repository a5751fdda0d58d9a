import type { CatalogObject } from '@sluice/contracts';
import { readCatalog, withIntrospectionSession, type CatalogQueries } from '../core/catalog-read';
import { classifyDatabricksError } from './databricks.errors';
import { DATABRICKS_PORT, databricksContextOf, openDatabricks } from './databricks.session';
import type { ConnectionParams, IntrospectOptions } from '../core/types';
import { introspectionTarget } from '../core/introspection';
import type { NetworkPolicy } from '../../network/network-policy';

const TABLES_SQL = `
SELECT table_schema AS SCHEMA_NAME, table_name AS NAME,
       CASE WHEN table_type IN ('VIEW', 'MATERIALIZED_VIEW') THEN 'view' ELSE 'table' END AS KIND,
       comment AS COMMENT, NULL AS ROW_ESTIMATE
  FROM information_schema.tables
 WHERE table_schema <> 'information_schema'
 ORDER BY 1, 2`;

const COLUMNS_SQL = `
SELECT table_schema AS SCHEMA_NAME, table_name AS TABLE_NAME, ordinal_position AS ORDINAL,
       column_name AS NAME, full_data_type AS DATA_TYPE, is_nullable AS NULLABLE,
       column_default AS DEFAULT_VALUE, comment AS COMMENT
  FROM information_schema.columns
 WHERE table_schema <> 'information_schema'
 ORDER BY 1, 2, 3`;

/** Unity Catalog's informational primary and foreign keys, one row per key column. */
const KEYS_SQL = `
SELECT tc.table_schema AS SCHEMA_NAME, tc.table_name AS TABLE_NAME,
       tc.constraint_name AS CONSTRAINT_NAME,
       CASE WHEN tc.constraint_type = 'PRIMARY KEY' THEN 'PRIMARY' ELSE 'FOREIGN' END AS KEY_TYPE,
       kcu.column_name AS COLUMN_NAME, rk.table_schema AS REF_SCHEMA,
       rk.table_name AS REF_TABLE, rk.column_name AS REF_COLUMN
  FROM information_schema.table_constraints tc
  JOIN information_schema.key_column_usage kcu
    ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
  LEFT JOIN information_schema.referential_constraints rc
    ON rc.constraint_schema = tc.constraint_schema AND rc.constraint_name = tc.constraint_name
  LEFT JOIN information_schema.key_column_usage rk
    ON rk.constraint_schema = rc.unique_constraint_schema
   AND rk.constraint_name = rc.unique_constraint_name
   AND rk.ordinal_position = kcu.position_in_unique_constraint
 WHERE tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
 ORDER BY 1, 2, 3, kcu.ordinal_position`;

/** One catalog's schema from its INFORMATION_SCHEMA; Databricks keeps no indexes or row counts there. */
export const DATABRICKS_CATALOG: CatalogQueries = {
  objects: TABLES_SQL,
  columns: COLUMNS_SQL,
  keys: KEYS_SQL,
};

export async function introspectDatabricks(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = databricksContextOf(params);
  const target = await introspectionTarget(
    policy,
    params,
    DATABRICKS_PORT,
    options.timeoutMs,
    (e) => classifyDatabricksError(e, ctx, options.timeoutMs),
  );
  return withIntrospectionSession(
    target,
    options,
    (onAbandon) =>
      openDatabricks(params, options.timeoutMs, (client) =>
        onAbandon(() => void client.close().catch(() => undefined)),
      ),
    (session) => readCatalog(session, DATABRICKS_CATALOG, params, options),
  );
}
