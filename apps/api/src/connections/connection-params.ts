import type { Connection, TestConnectionRequest } from '@sluice/contracts';
import type { Credential } from './credential';
import type { ConnectionParams, SshTunnelParams } from './drivers/core/types';

export type ConnectionTarget =
  | Pick<
      Connection,
      'dbType' | 'host' | 'port' | 'databaseName' | 'username' | 'useSsl' | 'options' | 'sshTunnel'
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
    sshTunnel: tunnelParams(target.sshTunnel, credential),
  };
}

/** The tunnel's fields with its secrets; the pinned key as saved (or pre-set in the request). */
function tunnelParams(
  tunnel: ConnectionTarget['sshTunnel'],
  credential: Credential | null,
): SshTunnelParams | null {
  if (!tunnel) return null;
  return {
    host: tunnel.host,
    port: tunnel.port ?? 22,
    username: tunnel.username,
    authMethod: tunnel.authMethod,
    hostKeyFingerprint: tunnel.hostKeyFingerprint ?? null,
    password: tunnel.authMethod === 'password' ? credential?.sshPassword || null : null,
    privateKey: tunnel.authMethod === 'key' ? credential?.sshPrivateKey || null : null,
    passphrase: tunnel.authMethod === 'key' ? credential?.sshPassphrase || null : null,
  };
}
