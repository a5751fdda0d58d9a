import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { MysqlDriver } from '../../src/connections/drivers/mysql/mysql.driver';
import { loopbackPolicy } from './loopback-policy';
import type { MariadbServer } from './mariadb';

/** The MySQL driver with a network policy that lets it reach the loopback MariaDB. */
export function loopbackMysqlDriver(): MysqlDriver {
  return new MysqlDriver(loopbackPolicy());
}

/** The driver's parameters for the test MariaDB's `shop` database, as its admin. */
export function mariadbParams(
  server: MariadbServer,
  overrides: Partial<ConnectionParams> = {},
): ConnectionParams {
  return {
    dbType: 'mysql',
    host: server.host,
    port: server.port,
    databaseName: 'shop',
    username: server.admin.username,
    password: server.admin.password,
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: false,
    options: {},
    ...overrides,
  };
}
