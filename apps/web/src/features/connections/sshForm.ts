import {
  DIALECTS,
  type Connection,
  type DbType,
  type SshAuthMethod,
  type SshTunnelInput,
} from '@sluice/contracts';

/** The SSH tunnel section of the form. */
export interface SshFormValues {
  enabled: boolean;
  host: string;
  port: string;
  username: string;
  authMethod: SshAuthMethod;
  password: string;
  privateKey: string;
  passphrase: string;
}

export function emptySsh(): SshFormValues {
  return {
    enabled: false,
    host: '',
    port: '22',
    username: '',
    authMethod: 'key',
    password: '',
    privateKey: '',
    passphrase: '',
  };
}

export function sshValuesFrom(connection: Connection): SshFormValues {
  const tunnel = connection.sshTunnel;
  if (!tunnel) return emptySsh();
  return {
    ...emptySsh(),
    enabled: true,
    host: tunnel.host,
    port: String(tunnel.port),
    username: tunnel.username,
    authMethod: tunnel.authMethod,
  };
}

/** The tunnel a request carries: only when switched on, on a type that can use one. */
export function tunnelOf(dbType: DbType, ssh: SshFormValues): SshTunnelInput | undefined {
  if (!ssh.enabled || !DIALECTS[dbType].sshTunnel) return undefined;
  return {
    host: ssh.host.trim(),
    port: ssh.port.trim() === '' ? 22 : Number(ssh.port),
    username: ssh.username.trim(),
    authMethod: ssh.authMethod,
  };
}

/** The tunnel's secrets, sent only when typed, and only the auth method's own. */
export function sshSecretsOf(
  dbType: DbType,
  ssh: SshFormValues,
): { sshPassword?: string; sshPrivateKey?: string; sshPassphrase?: string } {
  if (!tunnelOf(dbType, ssh)) return {};
  if (ssh.authMethod === 'password') return ssh.password ? { sshPassword: ssh.password } : {};
  return {
    ...(ssh.privateKey.trim() && { sshPrivateKey: `${ssh.privateKey.trim()}\n` }),
    ...(ssh.passphrase && { sshPassphrase: ssh.passphrase }),
  };
}

/** An update's tunnel: only when it changed; null removes it. The pinned key stays server-side. */
export function tunnelUpdate(
  dbType: DbType,
  ssh: SshFormValues,
  original: Connection,
): { sshTunnel?: SshTunnelInput | null } {
  const next = tunnelOf(dbType, ssh);
  const before = original.sshTunnel;
  if (!next) return before ? { sshTunnel: null } : {};
  const same =
    before &&
    before.host === next.host &&
    before.port === next.port &&
    before.username === next.username &&
    before.authMethod === next.authMethod;
  return same ? {} : { sshTunnel: next };
}

/** Where the resolver's paths land in the form, and what each field is called. */
export const SSH_FIELDS: Record<string, { field: string; label: string }> = {
  sshTunnel: { field: 'ssh.enabled', label: 'SSH tunnel' },
  'sshTunnel.host': { field: 'ssh.host', label: 'SSH host' },
  'sshTunnel.port': { field: 'ssh.port', label: 'SSH port' },
  'sshTunnel.username': { field: 'ssh.username', label: 'SSH username' },
  sshPassword: { field: 'ssh.password', label: 'SSH password' },
  sshPrivateKey: { field: 'ssh.privateKey', label: 'Private key' },
  sshPassphrase: { field: 'ssh.passphrase', label: 'Key passphrase' },
};
