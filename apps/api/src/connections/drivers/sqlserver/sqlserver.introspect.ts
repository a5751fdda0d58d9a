import type { Socket } from 'node:net';
import type { CatalogObject } from '@sluice/contracts';
import { readCatalog, withIntrospectionSession, type CatalogQueries } from '../core/catalog-read';
import type { ConnectionParams, IntrospectOptions } from '../core/types';
import { introspectionTarget } from '../core/introspection';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifySqlServerFailure } from './sqlserver.errors';
import {
  newSqlServerWire,
  openSqlServer,
  SQLSERVER_PORT,
  sqlServerErrorContextOf,
} from './sqlserver.session';

const USER_OBJECTS = `o.type IN ('U', 'V') AND o.is_ms_shipped = 0`;

const TABLES_SQL = `
SELECT s.name AS SCHEMA_NAME, o.name AS NAME,
       CASE WHEN o.type = 'V' THEN 'view' ELSE 'table' END AS KIND,
       CAST(ep.value AS nvarchar(4000)) AS COMMENT,
       (SELECT SUM(p.rows) FROM sys.partitions p
         WHERE p.object_id = o.object_id AND p.index_id IN (0, 1)) AS ROW_ESTIMATE
  FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
  LEFT JOIN sys.extended_properties ep
    ON ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
 WHERE ${USER_OBJECTS}
 ORDER BY s.name, o.name`;

const COLUMNS_SQL = `
SELECT s.name AS SCHEMA_NAME, o.name AS TABLE_NAME, c.column_id AS ORDINAL, c.name AS NAME,
       TYPE_NAME(c.user_type_id) + CASE
         WHEN TYPE_NAME(c.user_type_id) IN ('varchar', 'char', 'varbinary', 'binary')
           THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length AS varchar(10)) END + ')'
         WHEN TYPE_NAME(c.user_type_id) IN ('nvarchar', 'nchar')
           THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length / 2 AS varchar(10)) END + ')'
         WHEN TYPE_NAME(c.user_type_id) IN ('decimal', 'numeric')
           THEN '(' + CAST(c.precision AS varchar(10)) + ',' + CAST(c.scale AS varchar(10)) + ')'
         ELSE '' END AS DATA_TYPE,
       CASE WHEN c.is_nullable = 1 THEN 'YES' ELSE 'NO' END AS NULLABLE,
       dc.definition AS DEFAULT_VALUE, CAST(ep.value AS nvarchar(4000)) AS COMMENT
  FROM sys.columns c
  JOIN sys.objects o ON o.object_id = c.object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
  LEFT JOIN sys.extended_properties ep
    ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'
 WHERE ${USER_OBJECTS}
 ORDER BY s.name, o.name, c.column_id`;

const KEYS_SQL = `
SELECT s.name AS SCHEMA_NAME, o.name AS TABLE_NAME, i.name AS CONSTRAINT_NAME, 'PRIMARY' AS KEY_TYPE,
       c.name AS COLUMN_NAME, NULL AS REF_SCHEMA, NULL AS REF_TABLE, NULL AS REF_COLUMN,
       ic.key_ordinal AS POSITION
  FROM sys.indexes i
  JOIN sys.objects o ON o.object_id = i.object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
  JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
 WHERE i.is_primary_key = 1 AND o.is_ms_shipped = 0
UNION ALL
SELECT s.name, o.name, fk.name, 'FOREIGN', pc.name, rs.name, ro.name, rc.name, fkc.constraint_column_id
  FROM sys.foreign_keys fk
  JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
  JOIN sys.objects o ON o.object_id = fk.parent_object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
  JOIN sys.objects ro ON ro.object_id = fkc.referenced_object_id
  JOIN sys.schemas rs ON rs.schema_id = ro.schema_id
  JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
 ORDER BY SCHEMA_NAME, TABLE_NAME, CONSTRAINT_NAME, POSITION`;

const INDEXES_SQL = `
SELECT s.name AS SCHEMA_NAME, o.name AS TABLE_NAME, i.name AS INDEX_NAME,
       CASE WHEN i.is_unique = 1 THEN 'YES' ELSE 'NO' END AS IS_UNIQUE, c.name AS COLUMN_NAME
  FROM sys.indexes i
  JOIN sys.objects o ON o.object_id = i.object_id
  JOIN sys.schemas s ON s.schema_id = o.schema_id
  JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
  JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
 WHERE o.type = 'U' AND o.is_ms_shipped = 0 AND i.type > 0 AND i.is_primary_key = 0
   AND ic.is_included_column = 0
 ORDER BY s.name, o.name, i.name, ic.key_ordinal`;

/** The four set-based `sys.*` queries, each over the whole database. */
export const SQLSERVER_CATALOG: CatalogQueries = {
  objects: TABLES_SQL,
  columns: COLUMNS_SQL,
  keys: KEYS_SQL,
  indexes: INDEXES_SQL,
};

/** SQL Server's schema from `sys.*`, inside a transaction that is rolled back. */
export async function introspectSqlServer(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = sqlServerErrorContextOf(params);
  const wire = newSqlServerWire();
  const target = await introspectionTarget(policy, params, SQLSERVER_PORT, options.timeoutMs, (e) =>
    classifySqlServerFailure(e, ctx, wire, options.timeoutMs),
  );
  return withIntrospectionSession(
    target,
    options,
    (onAbandon) =>
      openSqlServer(
        params,
        { address: target.address, port: target.connectPort },
        options.timeoutMs,
        wire,
        (socket: Socket) => onAbandon(() => socket.destroy()),
      ),
    (session) => readCatalog(session, SQLSERVER_CATALOG, params, options),
  );
}
