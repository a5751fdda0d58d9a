import {
  DB_TYPE_LABELS,
  QUERYABLE_DB_TYPES,
  type DbType,
  type QueryableDbType,
} from '@sluice/contracts';

const isQueryable = (type: DbType): type is QueryableDbType =>
  (QUERYABLE_DB_TYPES as readonly DbType[]).includes(type);
import { refuse, type GuardRefusal, type SqlGuard } from '../drivers/core/sql-guard';
import { postgresqlGuard } from '../drivers/postgresql/postgresql.guard';
import { postgresqlRefs } from '../drivers/postgresql/postgresql.refs';
import {
  hiddenColumnRefusal,
  type HiddenColumn,
  type RefsReader,
} from '../drivers/core/column-refs';
import { mysqlGuard, mysqlRefs } from '../drivers/mysql/mysql.guard';
import { sqliteGuard, sqliteRefs } from '../drivers/sqlite/sqlite.guard';
import { sqlServerGuard, sqlServerRefs } from '../drivers/sqlserver/sqlserver.guard';
import { snowflakeGuard, snowflakeRefs } from '../drivers/snowflake/snowflake.guard';
import { databricksGuard, databricksRefs } from '../drivers/databricks/databricks.guard';

/** The parser layer of each queryable type (the compiler holds the two lists together). */
const GUARDS: Record<QueryableDbType, SqlGuard> = {
  postgresql: postgresqlGuard,
  mysql: mysqlGuard,
  sqlite: sqliteGuard,
  sqlserver: sqlServerGuard,
  snowflake: snowflakeGuard,
  databricks: databricksGuard,
};

/** What each queryable type's parser says a statement names. */
const REFS: Record<QueryableDbType, RefsReader> = {
  postgresql: postgresqlRefs,
  mysql: mysqlRefs,
  sqlite: sqliteRefs,
  sqlserver: sqlServerRefs,
  snowflake: snowflakeRefs,
  databricks: databricksRefs,
};

/**
 * Why the statement may not run on a connection of this type, or null when it may; `write` for
 * the write credential's path (one statement of any kind; SQLite files are never written).
 */
export function checkStatement(
  dbType: DbType,
  sql: string,
  write = false,
): Promise<GuardRefusal | null> {
  const guard = isQueryable(dbType) ? GUARDS[dbType] : undefined;
  if (write && dbType === 'sqlite') {
    return Promise.resolve(
      refuse('QUERY_NOT_SUPPORTED', 'Sluice never writes to SQLite files: they are read-only'),
    );
  }
  if (guard) return guard(sql, write);
  const types = QUERYABLE_DB_TYPES.map((t) => DB_TYPE_LABELS[t]).join(', ');
  return Promise.resolve(
    refuse(
      'QUERY_NOT_SUPPORTED',
      `Sluice cannot query ${DB_TYPE_LABELS[dbType]} connections yet; it can query ${types}`,
    ),
  );
}

/**
 * Why a statement that passed `checkStatement` reaches a column hidden from assistants, or null.
 * A statement the parser cannot read here is refused too.
 */
export async function checkHiddenColumns(
  dbType: DbType,
  sql: string,
  hidden: readonly HiddenColumn[],
): Promise<GuardRefusal | null> {
  if (hidden.length === 0) return null;
  const refs = isQueryable(dbType) ? await REFS[dbType](sql) : null;
  if (!refs)
    return refuse('QUERY_UNPARSABLE', 'Sluice could not read which columns this statement names');
  return hiddenColumnRefusal(refs, hidden);
}
