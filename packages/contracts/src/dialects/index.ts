import { databricksDialect } from './databricks';
import { DB_TYPES, type DbType } from './db-types';
import type { DialectDescriptor } from './descriptor';
import { mysqlDialect } from './mysql';
import { oracleDialect } from './oracle';
import { postgresqlDialect } from './postgresql';
import { snowflakeDialect } from './snowflake';
import { sqliteDialect } from './sqlite';
import { sqlserverDialect } from './sqlserver';

export { DB_TYPES, type DbType } from './db-types';
export type { DialectDescriptor, OptionField } from './descriptor';

/** Every type's descriptor: a lookup, never a `dbType === '…'` check. */
export const DIALECTS: Record<DbType, DialectDescriptor> = {
  postgresql: postgresqlDialect,
  mysql: mysqlDialect,
  sqlserver: sqlserverDialect,
  databricks: databricksDialect,
  snowflake: snowflakeDialect,
  oracle: oracleDialect,
  sqlite: sqliteDialect,
};

const byType = <T>(pick: (dialect: DialectDescriptor) => T) =>
  Object.fromEntries(DB_TYPES.map((type) => [type, pick(DIALECTS[type])])) as Record<DbType, T>;

/** Default port per type; SQLite is a file and has none. */
export const DEFAULT_PORTS = byType((d) => d.defaultPort);
export const DB_TYPE_LABELS = byType((d) => d.label);
/** The options each type accepts; unknown keys are refused. */
export const connectionOptionsSchemas = byType((d) => d.options);
export const CONNECTION_STRING_EXAMPLES = byType((d) => d.connectionStringExample);

/** Whether a connection of this type signs in with a key pair, by its options (Snowflake's `authenticator`). */
export function usesKeyPair(dbType: DbType, options: Record<string, unknown> | null | undefined) {
  const keyPair = DIALECTS[dbType].keyPair;
  return !!keyPair && options?.[keyPair.option] === keyPair.value;
}
