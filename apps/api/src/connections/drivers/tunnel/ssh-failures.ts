import { blockedFailure, BLOCKED_CODE } from '../../network/network-policy';
import { errorCodeOf, errorMessageOf } from '../core/error-text';
import type { SshTunnelParams, TestFailure } from '../core/types';

const bastionOf = (tunnel: SshTunnelParams) => `${tunnel.host}:${tunnel.port}`;
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** The bastion's key is not the pinned one: nothing is sent until someone accepts the new key. */
export function hostKeyMismatch(tunnel: SshTunnelParams, seen: string): TestFailure {
  return {
    errorCode: 'SSH_HOST_KEY_MISMATCH',
    message: `The SSH server ${bastionOf(tunnel)} showed the host key ${seen}, not the pinned ${tunnel.hostKeyFingerprint ?? ''}`,
    hint: 'If the bastion was reinstalled or its key rotated, accept the new host key on the connection; otherwise something may be intercepting the connection to the bastion.',
  };
}

/** A private key Sluice cannot use, read before anything is sent. */
export function unreadableKey(tunnel: SshTunnelParams, reason: string): TestFailure {
  if (/passphrase/i.test(reason) && !tunnel.passphrase)
    return {
      errorCode: 'SSH_AUTH_FAILED',
      message: 'The SSH private key is encrypted and no passphrase was given',
      hint: 'Type the key passphrase in the SSH tunnel section.',
    };
  if (tunnel.passphrase && /decrypt|passphrase|bad/i.test(reason))
    return {
      errorCode: 'SSH_AUTH_FAILED',
      message: 'The SSH private key could not be decrypted with the passphrase given',
      hint: 'Check the key passphrase in the SSH tunnel section.',
    };
  return {
    errorCode: 'SSH_AUTH_FAILED',
    message: `The SSH private key could not be read: ${reason}`,
    hint: 'Check the private key: paste the whole OpenSSH or PEM file (RSA, ECDSA or Ed25519), BEGIN and END lines included.',
  };
}

/** A deadline reached while the bastion was being reached or signed in to. */
export function sshTimeout(tunnel: SshTunnelParams, deadlineMs: number, connected: boolean) {
  const where = bastionOf(tunnel);
  return {
    errorCode: 'TIMEOUT',
    message: connected
      ? `${where} accepted the connection but did not answer as an SSH server would within ${seconds(deadlineMs)} s`
      : `The SSH server ${where} did not answer within ${seconds(deadlineMs)} s`,
    hint: connected
      ? `Check the SSH tunnel's port: what listens on ${where} is not an SSH server, or it is too busy to answer.`
      : `Check the SSH tunnel's host and port, and that a firewall lets the Sluice server reach ${where}.`,
  } satisfies TestFailure;
}

/** The bastion did not open the channel to the database within the deadline. */
export function forwardTimeout(
  tunnel: SshTunnelParams,
  target: string,
  deadlineMs: number,
): TestFailure {
  return {
    errorCode: 'TIMEOUT',
    message: `The SSH server ${bastionOf(tunnel)} did not open a channel to ${target} within ${seconds(deadlineMs)} s`,
    hint: `Check the database host and port as the bastion sees them: ${target} must be reachable from ${tunnel.host}.`,
  };
}

/** The bastion refused or failed to open the forwarded channel to the database. */
export function forwardRefused(
  tunnel: SshTunnelParams,
  target: string,
  error: unknown,
): TestFailure {
  // RFC 4254: 1 is SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (OpenSSH's AllowTcpForwarding, PermitOpen).
  const prohibited = (error as { reason?: unknown } | null)?.reason === 1;
  const said = errorMessageOf(error).replace(/^\(SSH\) Channel open failure: /, '');
  const reason = prohibited ? `administratively prohibited (${said})` : said;
  return {
    errorCode: 'SSH_FORWARD_REFUSED',
    message: `The SSH server ${bastionOf(tunnel)} would not open a channel to ${target}: ${reason}`,
    hint: prohibited
      ? `Ask the bastion's admin to allow TCP forwarding for "${tunnel.username}" (AllowTcpForwarding in sshd_config).`
      : `Check the database host and port as the bastion sees them: nothing accepts connections on ${target} from ${tunnel.host}.`,
  };
}

/** Any failure on the way to the bastion or while signing in to it. */
export function classifySsh(
  error: unknown,
  tunnel: SshTunnelParams,
  deadlineMs: number,
): TestFailure {
  const where = bastionOf(tunnel);
  const level = (error as { level?: unknown } | null)?.level;
  const code = errorCodeOf(error);
  if (code === BLOCKED_CODE) {
    const refused = error as { host?: string; address?: string };
    return blockedFailure(refused.host ?? tunnel.host, refused.address ?? '');
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return {
        errorCode: 'DNS_NOT_FOUND',
        message: `The SSH host name ${tunnel.host} could not be resolved`,
        hint: `Check the SSH tunnel's host: no DNS record was found for "${tunnel.host}".`,
      };
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        errorCode: 'SSH_CONNECTION_REFUSED',
        message:
          code === 'ECONNREFUSED'
            ? `The SSH connection to ${where} was refused`
            : `There is no route to the SSH server ${where}`,
        hint: `Check the SSH tunnel's host and port: nothing accepts SSH connections on ${where}.`,
      };
    case 'ETIMEDOUT':
      return sshTimeout(tunnel, deadlineMs, false);
    default:
  }
  if (level === 'client-authentication')
    return {
      errorCode: 'SSH_AUTH_FAILED',
      message: `The SSH server ${where} refused ${tunnel.authMethod === 'key' ? 'the private key' : 'the password'} of user "${tunnel.username}"`,
      hint:
        tunnel.authMethod === 'key'
          ? `Check the SSH username and private key: the key's public half must be in ~${tunnel.username}/.ssh/authorized_keys on the bastion.`
          : 'Check the SSH username and password, and that the bastion allows password authentication.',
    };
  return {
    errorCode: 'PROTOCOL_ERROR',
    message: `${where} did not complete an SSH handshake: ${errorMessageOf(error)}`,
    hint: `Check the SSH tunnel's port: ${where} must be the bastion's SSH server.`,
  };
}
