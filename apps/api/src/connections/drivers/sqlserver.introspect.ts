import type { Socket } from 'node:net';
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
import { classifySqlServerFailure } from './sqlserver.errors';
import {
  newSqlServerWire,
  openSqlServer,
  SQLSERVER_PORT,
  sqlServerErrorContextOf,
  type SqlServerSession,
} from './sqlserver.session';

const USER_OBJECTS = `o.type IN ('U', 'V') AND o.is_ms_shipped = 0`;

const TABLES_SQL = `
SELECT s.name AS schema_name, o.name AS name, o.type AS type,
       CAST(ep.value AS nvarchar(4000)) AS comment,
       (SELECT SUM(p.rows) FROM sys.partitions p
         WHERE p.object_id = o.object_id AND p.index_id IN (0, 1)) AS row_estimate
  FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
  LEFT JOIN sys.extended_properties ep
    ON ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
 WHERE ${USER_OBJECTS}
 ORDER BY s.name, o.name`;

const COLUMNS_SQL = `
SELECT s.name AS schema_name, o.name AS table_name, c.column_id AS ordinal, c.name AS name,
       TYPE_NAME(c.user_type_id) + CASE
         WHEN TYPE_NAME(c.user_type_id) IN ('varchar', 'char', 'varbinary', 'binary')
           THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length AS varchar(10)) END + ')'
         WHEN TYPE_NAME(c.user_type_id) IN ('nvarchar', 'nchar')
           THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length / 2 AS varchar(10)) END + ')'
         WHEN TYPE_NAME(c.user_type_id) IN ('decimal', 'numeric')
           THEN '(' + CAST(c.precision AS varchar(10)) + ',' + CAST(c.scale AS varchar(10)) + ')'
         ELSE '' END AS data_type,
       CAST(c.is_nullable AS int) AS nullable, dc.definition AS default_value,
       CAST(ep.value AS nvarchar(4000)) AS comment
  FROM sys.columns c
  JOIN sys.objects o ON o.object_id = c.object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
  LEFT JOIN sys.extended_properties ep
    ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'
 WHERE ${USER_OBJECTS}
 ORDER BY s.name, o.name, c.column_id`;

const INDEXES_SQL = `
SELECT s.name AS schema_name, o.name AS table_name, i.name AS index_name,
       CAST(i.is_unique AS int) AS is_unique, CAST(i.is_primary_key AS int) AS is_primary_key,
       c.name AS column_name
  FROM sys.indexes i
  JOIN sys.objects o ON o.object_id = i.object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
  JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
 WHERE o.type = 'U' AND o.is_ms_shipped = 0 AND i.type > 0 AND ic.is_included_column = 0
 ORDER BY s.name, o.name, i.name, ic.key_ordinal`;

const FOREIGN_KEYS_SQL = `
SELECT s.name AS schema_name, o.name AS table_name, fk.name AS constraint_name,
       pc.name AS column_name, rs.name AS ref_schema, ro.name AS ref_table, rc.name AS ref_column
  FROM sys.foreign_keys fk
  JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
  JOIN sys.objects o ON o.object_id = fk.parent_object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
  JOIN sys.objects ro ON ro.object_id = fkc.referenced_object_id
  JOIN sys.schemas rs ON rs.schema_id = ro.schema_id
  JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
 ORDER BY s.name, o.name, fk.name, fkc.constraint_column_id`;

/** The four set-based `sys.*` queries, each over the whole database. */
export const SQLSERVER_CATALOG_QUERIES = [
  TABLES_SQL,
  COLUMNS_SQL,
  INDEXES_SQL,
  FOREIGN_KEYS_SQL,
] as const;

/** SQL Server's schema from `sys.*`, inside a transaction that is rolled back. */
export async function introspectSqlServer(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = sqlServerErrorContextOf(params);
  const wire = newSqlServerWire();
  const { host, port, address, fail } = await introspectionTarget(
    policy,
    params,
    SQLSERVER_PORT,
    options.timeoutMs,
    (error) => classifySqlServerFailure(error, ctx, wire, options.timeoutMs),
  );
  let socket: Socket | undefined;
  let session: SqlServerSession | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    socket?.destroy();
    session?.close();
  }, options.timeoutMs);
  try {
    session = await openSqlServer(params, address, options.timeoutMs, wire, (s) => (socket = s));
    const include = schemaFilter(schemaPatternsOf(params.options));
    const catalog = new CatalogBuilder();
    for (const row of await session.query(TABLES_SQL)) {
      const schema = String(row['schema_name']);
      if (!include(schema)) continue;
      catalog.addObject(
        schema,
        String(row['name']),
        String(row['type']).trim() === 'V' ? 'view' : 'table',
        textOf(row['comment']),
        numberOf(row['row_estimate']),
      );
    }
    options.onObjectsListed?.(catalog.size);
    for (const row of await session.query(COLUMNS_SQL)) {
      catalog.addColumn(row['schema_name'], row['table_name'], {
        ordinal: Number(row['ordinal']),
        name: String(row['name']),
        dataType: String(row['data_type']),
        nullable: Number(row['nullable']) === 1,
        defaultValue: textOf(row['default_value']),
        comment: textOf(row['comment']),
      });
    }
    for (const row of await session.query(INDEXES_SQL)) {
      const column = String(row['column_name']);
      if (Number(row['is_primary_key']) === 1) {
        catalog.addPrimaryKeyColumn(row['schema_name'], row['table_name'], column);
      } else {
        const unique = Number(row['is_unique']) === 1;
        catalog.addIndexColumn(
          row['schema_name'],
          row['table_name'],
          String(row['index_name']),
          unique,
          column,
        );
      }
    }
    for (const row of await session.query(FOREIGN_KEYS_SQL)) {
      catalog.addForeignKeyColumn(
        row['schema_name'],
        row['table_name'],
        String(row['constraint_name']),
        String(row['column_name']),
        {
          schema: String(row['ref_schema']),
          table: String(row['ref_table']),
          column: String(row['ref_column']),
        },
      );
    }
    return catalog.build();
  } catch (error) {
    if (timedOut) throw new IntrospectionError(timeoutFailure(host, port, options.timeoutMs));
    return fail(error);
  } finally {
    clearTimeout(timer);
    socket?.destroy();
    session?.close();
  }
}
