import {
  sameBastion,
  type Connection,
  type SshTunnel,
  type SshTunnelInput,
  type TestResult,
} from '@sluice/contracts';
import { SECRET_FIELDS, type Credential } from './credential';

/** A tunnel as stored: the port defaulted, the pinned key null until known. */
export function storedTunnel(input: SshTunnelInput | SshTunnel): SshTunnel {
  return {
    host: input.host,
    port: input.port ?? 22,
    username: input.username,
    authMethod: input.authMethod,
    hostKeyFingerprint: input.hostKeyFingerprint ?? null,
  };
}

/**
 * The tunnel an update stores, or undefined when it does not change: a body that leaves the pinned
 * key out keeps it while the bastion is the same, and drops it for another bastion.
 */
export function tunnelChange(
  body: SshTunnelInput | null | undefined,
  current: SshTunnel | null,
): SshTunnel | null | undefined {
  if (body === undefined) return undefined;
  if (body === null) return current ? null : undefined;
  const keep = sameBastion(body, current) ? (current?.hostKeyFingerprint ?? null) : null;
  const next = storedTunnel({
    ...body,
    hostKeyFingerprint:
      body.hostKeyFingerprint === undefined ? keep : (body.hostKeyFingerprint ?? null),
  });
  return JSON.stringify(next) === JSON.stringify(current) ? undefined : next;
}

/** The tunnel a test uses: the saved connection's pinned key, unless the request names one. */
export function testedTunnel(body: SshTunnelInput | null | undefined, saved: Connection | null) {
  if (!body) return body;
  if (body.hostKeyFingerprint !== undefined || !sameBastion(body, saved?.sshTunnel)) return body;
  return { ...body, hostKeyFingerprint: saved?.sshTunnel?.hostKeyFingerprint ?? null };
}

/** The first passing test pins the key the bastion showed, unless one is pinned already. */
export function pinnedBy(tunnel: SshTunnel | null, test: TestResult | null | undefined) {
  if (!tunnel || tunnel.hostKeyFingerprint || !test?.success || !test.sshHostKey) return tunnel;
  return { ...tunnel, hostKeyFingerprint: test.sshHostKey };
}

/** A credential's tunnel secrets alone (the write credential travels through the same bastion). */
export function sshSecretsOf(credential: Credential): Credential {
  return Object.fromEntries(
    SECRET_FIELDS.filter((f) => f.startsWith('ssh') && credential[f]).map((f) => [
      f,
      credential[f],
    ]),
  );
}
