import { DB_TYPE_LABELS, type DbType } from '@sluice/contracts';
import { refuse, type GuardRefusal, type SqlGuard } from '../drivers/core/sql-guard';
import { postgresqlGuard } from '../drivers/postgresql/postgresql.guard';
import { mysqlGuard } from '../drivers/mysql/mysql.guard';
import { sqliteGuard } from '../drivers/sqlite/sqlite.guard';

/** The parser layer by type; a type without one cannot be queried (fail closed). */
const GUARDS: Partial<Record<DbType, SqlGuard>> = {
  postgresql: postgresqlGuard,
  mysql: mysqlGuard,
  sqlite: sqliteGuard,
};

export const QUERYABLE_TYPES = Object.keys(GUARDS) as DbType[];

/**
 * Why the statement may not run on a connection of this type, or null when it may; `write` for
 * the write credential's path (one statement of any kind; SQLite files are never written).
 */
export function checkStatement(
  dbType: DbType,
  sql: string,
  write = false,
): Promise<GuardRefusal | null> {
  const guard = GUARDS[dbType];
  if (write && dbType === 'sqlite') {
    return Promise.resolve(
      refuse('QUERY_NOT_SUPPORTED', 'Sluice never writes to SQLite files: they are read-only'),
    );
  }
  if (guard) return guard(sql, write);
  const types = QUERYABLE_TYPES.map((t) => DB_TYPE_LABELS[t]).join(', ');
  return Promise.resolve(
    refuse(
      'QUERY_NOT_SUPPORTED',
      `Sluice cannot query ${DB_TYPE_LABELS[dbType]} connections yet; it can query ${types}`,
    ),
  );
}
