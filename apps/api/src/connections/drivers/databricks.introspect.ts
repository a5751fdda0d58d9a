import type { CatalogObject } from '@sluice/contracts';
import { CatalogBuilder, textOf } from './catalog-builder';
import { classifyDatabricksError } from './databricks.errors';
import {
  DATABRICKS_PORT,
  databricksContextOf,
  openDatabricks,
  type DatabricksSession,
} from './databricks.session';
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

const TABLES_SQL = `
SELECT table_schema AS SCHEMA_NAME, table_name AS NAME, table_type AS TYPE, comment AS COMMENT
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
       tc.constraint_name AS CONSTRAINT_NAME, tc.constraint_type AS CONSTRAINT_TYPE,
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

export const DATABRICKS_CATALOG_QUERIES = [TABLES_SQL, COLUMNS_SQL, KEYS_SQL] as const;

/** One catalog's schema from its INFORMATION_SCHEMA; Databricks keeps no indexes or row counts there. */
export async function introspectDatabricks(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = databricksContextOf(params);
  const { host, port, fail } = await introspectionTarget(
    policy,
    params,
    DATABRICKS_PORT,
    options.timeoutMs,
    (error) => classifyDatabricksError(error, ctx, options.timeoutMs),
  );
  let session: DatabricksSession | undefined;
  let abandon = () => undefined as void;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abandon();
  }, options.timeoutMs);
  try {
    session = await openDatabricks(params, options.timeoutMs, (client) => {
      abandon = () => void client.close().catch(() => undefined);
    });
    const include = schemaFilter(schemaPatternsOf(params.options));
    const catalog = new CatalogBuilder();
    for (const row of await session.query(TABLES_SQL)) {
      const schema = String(row['SCHEMA_NAME']);
      if (!include(schema)) continue;
      const type = String(row['TYPE']);
      catalog.addObject(
        schema,
        String(row['NAME']),
        type === 'VIEW' || type === 'MATERIALIZED_VIEW' ? 'view' : 'table',
        textOf(row['COMMENT']),
        null,
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
    for (const row of await session.query(KEYS_SQL)) {
      const column = String(row['COLUMN_NAME']);
      if (row['CONSTRAINT_TYPE'] === 'PRIMARY KEY') {
        catalog.addPrimaryKeyColumn(row['SCHEMA_NAME'], row['TABLE_NAME'], column);
      } else {
        catalog.addForeignKeyColumn(
          row['SCHEMA_NAME'],
          row['TABLE_NAME'],
          String(row['CONSTRAINT_NAME']),
          column,
          {
            schema: String(row['REF_SCHEMA']),
            table: String(row['REF_TABLE']),
            column: String(row['REF_COLUMN']),
          },
        );
      }
    }
    return catalog.build();
  } catch (error) {
    if (timedOut) throw new IntrospectionError(timeoutFailure(host, port, options.timeoutMs));
    return fail(error);
  } finally {
    clearTimeout(timer);
    session?.close();
    abandon();
  }
}
