import type { CatalogObject } from '@sluice/contracts';
import { readCatalog, withIntrospectionSession, type CatalogQueries } from '../core/catalog-read';
import type { ConnectionParams, IntrospectOptions } from '../core/types';
import { introspectionTarget } from '../core/introspection';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifyOracleError } from './oracle.errors';
import { openOracle, ORACLE_PORT, oracleContextOf } from './oracle.session';

/** Oracle's own schemas: they hold the dictionary, not anyone's data (`oracle_maintained`: 12c and newer). */
const ORACLE_MAINTAINED = `o.owner NOT IN (SELECT username FROM all_users WHERE oracle_maintained = 'Y')`;

const TABLES_SQL = `
SELECT o.owner AS "SCHEMA_NAME", o.object_name AS "NAME",
       CASE WHEN o.object_type = 'VIEW' THEN 'view' ELSE 'table' END AS "KIND",
       c.comments AS "COMMENT", t.num_rows AS "ROW_ESTIMATE"
  FROM all_objects o
  LEFT JOIN all_tab_comments c ON c.owner = o.owner AND c.table_name = o.object_name
  LEFT JOIN all_tables t ON t.owner = o.owner AND t.table_name = o.object_name
 WHERE o.object_type IN ('TABLE', 'VIEW') AND ${ORACLE_MAINTAINED}
 ORDER BY 1, 2`;

const COLUMNS_SQL = `
SELECT c.owner AS "SCHEMA_NAME", c.table_name AS "TABLE_NAME", c.column_id AS "ORDINAL",
       c.column_name AS "NAME",
       c.data_type || CASE
         WHEN c.data_type IN ('VARCHAR2', 'NVARCHAR2', 'CHAR', 'NCHAR') THEN '(' || c.char_length || ')'
         WHEN c.data_type = 'RAW' THEN '(' || c.data_length || ')'
         WHEN c.data_type = 'NUMBER' AND c.data_precision IS NOT NULL
           THEN '(' || c.data_precision || ',' || c.data_scale || ')'
         ELSE '' END AS "DATA_TYPE",
       CASE WHEN c.nullable = 'Y' THEN 'YES' ELSE 'NO' END AS "NULLABLE",
       c.data_default AS "DEFAULT_VALUE", m.comments AS "COMMENT"
  FROM all_tab_columns c
  JOIN all_objects o ON o.owner = c.owner AND o.object_name = c.table_name AND o.object_type IN ('TABLE', 'VIEW')
  LEFT JOIN all_col_comments m
    ON m.owner = c.owner AND m.table_name = c.table_name AND m.column_name = c.column_name
 WHERE ${ORACLE_MAINTAINED}
 ORDER BY 1, 2, 3`;

const KEYS_SQL = `
SELECT k.owner AS "SCHEMA_NAME", k.table_name AS "TABLE_NAME", k.constraint_name AS "CONSTRAINT_NAME",
       CASE WHEN k.constraint_type = 'P' THEN 'PRIMARY' ELSE 'FOREIGN' END AS "KEY_TYPE",
       kc.column_name AS "COLUMN_NAME",
       rc.owner AS "REF_SCHEMA", rc.table_name AS "REF_TABLE", rcc.column_name AS "REF_COLUMN"
  FROM all_constraints k
  JOIN all_cons_columns kc ON kc.owner = k.owner AND kc.constraint_name = k.constraint_name
  LEFT JOIN all_constraints rc ON rc.owner = k.r_owner AND rc.constraint_name = k.r_constraint_name
  LEFT JOIN all_cons_columns rcc
    ON rcc.owner = rc.owner AND rcc.constraint_name = rc.constraint_name AND rcc.position = kc.position
  JOIN all_objects o ON o.owner = k.owner AND o.object_name = k.table_name AND o.object_type = 'TABLE'
 WHERE k.constraint_type IN ('P', 'R') AND ${ORACLE_MAINTAINED}
 ORDER BY 1, 2, 3, kc.position`;

const INDEXES_SQL = `
SELECT i.table_owner AS "SCHEMA_NAME", i.table_name AS "TABLE_NAME", i.index_name AS "INDEX_NAME",
       CASE WHEN i.uniqueness = 'UNIQUE' THEN 'YES' ELSE 'NO' END AS "IS_UNIQUE",
       ic.column_name AS "COLUMN_NAME"
  FROM all_indexes i
  JOIN all_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name
  JOIN all_objects o ON o.owner = i.table_owner AND o.object_name = i.table_name AND o.object_type = 'TABLE'
 WHERE ${ORACLE_MAINTAINED}
   AND NOT EXISTS (SELECT 1 FROM all_constraints p
                    WHERE p.owner = i.owner AND p.index_name = i.index_name AND p.constraint_type = 'P')
 ORDER BY 1, 2, 3, ic.column_position`;

/** Oracle's schema from the ALL_* views: what the user can see, Oracle-maintained schemas left out. */
export const ORACLE_CATALOG: CatalogQueries = {
  objects: TABLES_SQL,
  columns: COLUMNS_SQL,
  keys: KEYS_SQL,
  indexes: INDEXES_SQL,
};

export async function introspectOracle(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = oracleContextOf(params);
  const target = await introspectionTarget(policy, params, ORACLE_PORT, options.timeoutMs, (e) =>
    classifyOracleError(e, ctx),
  );
  return withIntrospectionSession(
    target,
    options,
    () =>
      openOracle(params, { address: target.address, port: target.connectPort }, options.timeoutMs),
    (session) => readCatalog(session, ORACLE_CATALOG, params, options),
  );
}
