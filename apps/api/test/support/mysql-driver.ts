import type { AppConfig } from '../../src/config/config';
import { MysqlDriver } from '../../src/connections/drivers/mysql.driver';
import { NetworkPolicy } from '../../src/connections/drivers/network-policy';

/** The MySQL driver with a network policy that lets it reach the loopback MariaDB. */
export function loopbackMysqlDriver(): MysqlDriver {
  return new MysqlDriver(
    new NetworkPolicy({
      network: { blocked: [], allowed: [], blockPrivate: false },
    } as unknown as AppConfig),
  );
}
