/* eslint-disable @typescript-eslint/no-require-imports -- a driver thread loads only the driver its job needs */
import { DB_TYPES, type DbType } from '@sluice/contracts';
import type { AppConfig } from '../../../config/config';
import type { DatabaseDriver } from '../core/types';
import type { NetworkPolicy } from '../../network/network-policy';

/** What the drivers read of the configuration: plain data, so that a driver thread can get it. */
export type DriverConfig = Pick<AppConfig, 'network' | 'sqliteRoot'>;

type Policy = typeof import('../../network/network-policy');

function policyOf(config: DriverConfig): NetworkPolicy {
  return new (require('../../network/network-policy') as Policy).NetworkPolicy(config);
}

/**
 * Each type's driver, loaded on first use: a thread that tests a PostgreSQL server never loads
 * tedious or oracledb, which keeps a thread's start in tens of milliseconds.
 */
const LOADERS: Record<DbType, (config: DriverConfig) => DatabaseDriver> = {
  postgresql: (c) =>
    new (
      require('../postgresql/postgresql.driver') as typeof import('../postgresql/postgresql.driver')
    ).PostgresqlDriver(policyOf(c)),
  mysql: (c) =>
    new (require('../mysql/mysql.driver') as typeof import('../mysql/mysql.driver')).MysqlDriver(
      policyOf(c),
    ),
  sqlserver: (c) =>
    new (
      require('../sqlserver/sqlserver.driver') as typeof import('../sqlserver/sqlserver.driver')
    ).SqlServerDriver(policyOf(c)),
  databricks: (c) =>
    new (
      require('../databricks/databricks.driver') as typeof import('../databricks/databricks.driver')
    ).DatabricksDriver(policyOf(c)),
  snowflake: (c) =>
    new (
      require('../snowflake/snowflake.driver') as typeof import('../snowflake/snowflake.driver')
    ).SnowflakeDriver(policyOf(c)),
  oracle: (c) =>
    new (
      require('../oracle/oracle.driver') as typeof import('../oracle/oracle.driver')
    ).OracleDriver(policyOf(c)),
  sqlite: (c) =>
    new (
      require('../sqlite/sqlite.driver') as typeof import('../sqlite/sqlite.driver')
    ).SqliteDriver(c),
};

export function loadDriver(type: DbType, config: DriverConfig): DatabaseDriver {
  return LOADERS[type](config);
}

/** Every type's driver, for a registry in this thread (the driver-alone benchmark). */
export function createDrivers(config: DriverConfig): DatabaseDriver[] {
  return DB_TYPES.map((type) => loadDriver(type, config));
}
