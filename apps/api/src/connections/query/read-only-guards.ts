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
import { mysqlGuard } from '../drivers/mysql/mysql.guard';
import { sqliteGuard } from '../drivers/sqlite/sqlite.guard';

/** The parser layer of each queryable type (the compiler holds the two lists together). */
const GUARDS: Record<QueryableDbType, SqlGuard> = {
  postgresql: postgresqlGuard,
  mysql: mysqlGuard,
  sqlite: sqliteGuard,
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
