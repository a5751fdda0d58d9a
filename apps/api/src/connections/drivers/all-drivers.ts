import type { AppConfig } from '../../config/config';
import { DatabricksDriver } from './databricks.driver';
import type { DatabaseDriver } from './driver.interface';
import { MysqlDriver } from './mysql.driver';
import { NetworkPolicy } from './network-policy';
import { OracleDriver } from './oracle.driver';
import { PostgresqlDriver } from './postgresql.driver';
import { SnowflakeDriver } from './snowflake.driver';
import { SqliteDriver } from './sqlite.driver';
import { SqlServerDriver } from './sqlserver.driver';

/** What the drivers read of the configuration: plain data, so that a worker thread can get it. */
export type DriverConfig = Pick<AppConfig, 'network' | 'sqliteRoot'>;

/** One driver per type, the one list: the API's registry and the driver worker both use it. */
export function createDrivers(config: DriverConfig): DatabaseDriver[] {
  const policy = new NetworkPolicy(config);
  return [
    new PostgresqlDriver(policy),
    new MysqlDriver(policy),
    new SqliteDriver(config),
    new SqlServerDriver(policy),
    new SnowflakeDriver(policy),
    new DatabricksDriver(policy),
    new OracleDriver(policy),
  ];
}
