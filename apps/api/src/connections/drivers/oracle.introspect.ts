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
import { classifyOracleError } from './oracle.errors';
import { openOracle, ORACLE_PORT, oracleContextOf, type OracleSession } from './oracle.session';

/** Oracle's own schemas: they hold the dictionary, not anyone's data. */
const ORACLE_MAINTAINED = `o.owner NOT IN (SELECT username FROM all_users WHERE oracle_maintained = 'Y')`;

const TABLES_SQL = `
SELECT o.owner AS "SCHEMA_NAME", o.object_name AS "NAME", o.object_type AS "TYPE",
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
         WHEN c.data_type IN ('VARCHAR2', 'NVARCHAR2', 'CHAR', 'NCHAR', 'RAW') THEN '(' || c.char_length || ')'
         WHEN c.data_type = 'NUMBER' AND c.data_precision IS NOT NULL
           THEN '(' || c.data_precision || ',' || c.data_scale || ')'
         ELSE '' END AS "DATA_TYPE",
       c.nullable AS "NULLABLE", c.data_default AS "DEFAULT_VALUE", m.comments AS "COMMENT"
  FROM all_tab_columns c
  JOIN all_objects o ON o.owner = c.owner AND o.object_name = c.table_name AND o.object_type IN ('TABLE', 'VIEW')
  LEFT JOIN all_col_comments m
    ON m.owner = c.owner AND m.table_name = c.table_name AND m.column_name = c.column_name
 WHERE ${ORACLE_MAINTAINED}
 ORDER BY 1, 2, 3`;

const KEYS_SQL = `
SELECT k.owner AS "SCHEMA_NAME", k.table_name AS "TABLE_NAME", k.constraint_name AS "CONSTRAINT_NAME",
       k.constraint_type AS "CONSTRAINT_TYPE", kc.column_name AS "COLUMN_NAME",
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
       i.uniqueness AS "UNIQUENESS", ic.column_name AS "COLUMN_NAME"
  FROM all_indexes i
  JOIN all_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name
  JOIN all_objects o ON o.owner = i.table_owner AND o.object_name = i.table_name AND o.object_type = 'TABLE'
 WHERE ${ORACLE_MAINTAINED}
   AND NOT EXISTS (SELECT 1 FROM all_constraints p
                    WHERE p.owner = i.owner AND p.index_name = i.index_name AND p.constraint_type = 'P')
 ORDER BY 1, 2, 3, ic.column_position`;

export const ORACLE_CATALOG_QUERIES = [TABLES_SQL, COLUMNS_SQL, KEYS_SQL, INDEXES_SQL] as const;

/** Oracle's schema from the ALL_* views: what the user can see, Oracle-maintained schemas left out. */
export async function introspectOracle(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = oracleContextOf(params);
  const { host, port, address, fail } = await introspectionTarget(
    policy,
    params,
    ORACLE_PORT,
    options.timeoutMs,
    (error) => classifyOracleError(error, ctx),
  );
  let session: OracleSession | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    session?.close();
  }, options.timeoutMs);
  try {
    session = await openOracle(params, address, options.timeoutMs);
    const include = schemaFilter(schemaPatternsOf(params.options));
    const catalog = new CatalogBuilder();
    for (const row of await session.query(TABLES_SQL)) {
      const schema = String(row['SCHEMA_NAME']);
      if (!include(schema)) continue;
      catalog.addObject(
        schema,
        String(row['NAME']),
        row['TYPE'] === 'VIEW' ? 'view' : 'table',
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
        nullable: row['NULLABLE'] === 'Y',
        defaultValue: textOf(row['DEFAULT_VALUE'])?.trim() || null,
        comment: textOf(row['COMMENT']),
      });
    }
    for (const row of await session.query(KEYS_SQL)) {
      const [schema, table] = [row['SCHEMA_NAME'], row['TABLE_NAME']];
      const column = String(row['COLUMN_NAME']);
      if (row['CONSTRAINT_TYPE'] === 'P') catalog.addPrimaryKeyColumn(schema, table, column);
      else
        catalog.addForeignKeyColumn(schema, table, String(row['CONSTRAINT_NAME']), column, {
          schema: String(row['REF_SCHEMA']),
          table: String(row['REF_TABLE']),
          column: String(row['REF_COLUMN']),
        });
    }
    for (const row of await session.query(INDEXES_SQL)) {
      catalog.addIndexColumn(
        row['SCHEMA_NAME'],
        row['TABLE_NAME'],
        String(row['INDEX_NAME']),
        row['UNIQUENESS'] === 'UNIQUE',
        String(row['COLUMN_NAME']),
      );
    }
    return catalog.build();
  } catch (error) {
    if (timedOut) throw new IntrospectionError(timeoutFailure(host, port, options.timeoutMs));
    return fail(error);
  } finally {
    clearTimeout(timer);
    session?.close();
  }
}
