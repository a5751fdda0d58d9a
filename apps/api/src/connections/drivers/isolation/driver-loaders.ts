/* eslint-disable @typescript-eslint/no-require-imports -- a driver thread loads only the driver its job needs */
import { DB_TYPES, type DbType } from '@sluice/contracts';
import type { AppConfig } from '../../../config/config';
import type { DatabaseDriver } from '../driver.interface';
import type { NetworkPolicy } from '../network-policy';

/** What the drivers read of the configuration: plain data, so that a driver thread can get it. */
export type DriverConfig = Pick<AppConfig, 'network' | 'sqliteRoot'>;

type Policy = typeof import('../network-policy');

function policyOf(config: DriverConfig): NetworkPolicy {
  return new (require('../network-policy') as Policy).NetworkPolicy(config);
}

/**
 * Each type's driver, loaded on first use: a thread that tests a PostgreSQL server never loads
 * tedious or oracledb, which keeps a thread's start in tens of milliseconds.
 */
const LOADERS: Record<DbType, (config: DriverConfig) => DatabaseDriver> = {
  postgresql: (c) =>
    new (require('../postgresql.driver') as typeof import('../postgresql.driver')).PostgresqlDriver(
      policyOf(c),
    ),
  mysql: (c) =>
    new (require('../mysql.driver') as typeof import('../mysql.driver')).MysqlDriver(policyOf(c)),
  sqlserver: (c) =>
    new (require('../sqlserver.driver') as typeof import('../sqlserver.driver')).SqlServerDriver(
      policyOf(c),
    ),
  databricks: (c) =>
    new (require('../databricks.driver') as typeof import('../databricks.driver')).DatabricksDriver(
      policyOf(c),
    ),
  snowflake: (c) =>
    new (require('../snowflake.driver') as typeof import('../snowflake.driver')).SnowflakeDriver(
      policyOf(c),
    ),
  oracle: (c) =>
    new (require('../oracle.driver') as typeof import('../oracle.driver')).OracleDriver(
      policyOf(c),
    ),
  sqlite: (c) =>
    new (require('../sqlite.driver') as typeof import('../sqlite.driver')).SqliteDriver(c),
};

export function loadDriver(type: DbType, config: DriverConfig): DatabaseDriver {
  return LOADERS[type](config);
}

/** Every type's driver, for a registry in this thread (the driver-alone benchmark). */
export function createDrivers(config: DriverConfig): DatabaseDriver[] {
  return DB_TYPES.map((type) => loadDriver(type, config));
}
