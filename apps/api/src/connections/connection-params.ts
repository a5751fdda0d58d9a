import type { Connection, TestConnectionRequest } from '@sluice/contracts';
import type { ConnectionParams } from './drivers/driver.interface';

type Target =
  | Pick<
      Connection,
      'dbType' | 'host' | 'port' | 'databaseName' | 'username' | 'useSsl' | 'options'
    >
  | TestConnectionRequest;

export function toConnectionParams(target: Target, password: string | null): ConnectionParams {
  return {
    dbType: target.dbType,
    host: target.host ?? null,
    port: target.port ?? null,
    databaseName: target.databaseName || null,
    username: target.username || null,
    password: password || null,
    useSsl: target.useSsl ?? false,
    options: target.options ?? {},
  };
}
