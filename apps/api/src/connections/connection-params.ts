import type { Connection, TestConnectionRequest } from '@sluice/contracts';
import type { Credential } from './credential';
import type { ConnectionParams } from './drivers/core/types';

export type ConnectionTarget =
  | Pick<
      Connection,
      'dbType' | 'host' | 'port' | 'databaseName' | 'username' | 'useSsl' | 'options'
    >
  | TestConnectionRequest;

/** A driver's parameters: the target's fields and the credential, already decrypted. */
export function toConnectionParams(
  target: ConnectionTarget,
  credential: Credential | null,
): ConnectionParams {
  return {
    dbType: target.dbType,
    host: target.host ?? null,
    port: target.port ?? null,
    databaseName: target.databaseName || null,
    username: target.username || null,
    password: credential?.password || null,
    privateKey: credential?.privateKey || null,
    privateKeyPassphrase: credential?.privateKeyPassphrase || null,
    useSsl: target.useSsl ?? false,
    options: target.options ?? {},
  };
}
