import {
  endpointChanges,
  sameBastion,
  usesKeyPair,
  type Connection,
  type EndpointShape,
  type UpdateConnectionRequest,
} from '@sluice/contracts';
import type { EncryptionService } from '../common/encryption.service';
import { fieldError } from '../common/domain-error';
import {
  hasSshSecret,
  openStoredCredential,
  sealCredential,
  SECRET_FIELDS,
  type Credential,
} from './credential';
import { sshSecretsOf } from './ssh-tunnels';

type Target = EndpointShape & Pick<Connection, 'sshTunnel'>;

/** The stored credential; empty when unreadable with today's keys (what is typed now replaces it). */
const opened = (encryption: EncryptionService, stored: string | null, current: Connection) =>
  openStoredCredential(encryption, stored, current) ?? {};

/**
 * An update that moves the connection (another host, port, account or bastion) needs the
 * database secret typed again when one is stored: it never follows to another server.
 */
export function assertSecretsFollow(
  encryption: EncryptionService,
  stored: string | null,
  body: UpdateConnectionRequest,
  current: Connection,
  merged: Target,
): void {
  if (body.password !== undefined || body.privateKey !== undefined) return;
  const credential = opened(encryption, stored, current);
  if (credential.password || credential.privateKey) assertSameEndpoint(current, merged);
}

/**
 * The credential an update stores. `password: ""` removes the whole credential (the spec); other
 * secret fields replace theirs. On another endpoint only what was typed now is kept, except the
 * tunnel's own secrets while the bastion is the same (they are only ever sent to it).
 */
export function mergedCredential(
  encryption: EncryptionService,
  stored: string | null,
  body: UpdateConnectionRequest,
  current: Connection,
  merged: Target,
  moved: boolean,
): { sealed: string | null; hasSshCredential: boolean } {
  if (body.password === '') return { sealed: null, hasSshCredential: false };
  const previous = opened(encryption, stored, current);
  let credential: Credential = previous;
  if (moved)
    credential = sameBastion(current.sshTunnel, merged.sshTunnel) ? sshSecretsOf(previous) : {};
  for (const field of SECRET_FIELDS) {
    if (body[field] !== undefined) credential[field] = body[field] || undefined;
  }
  if (!merged.sshTunnel) credential = { ...credential, ...NO_SSH };
  return {
    sealed: sealCredential(encryption, credential, merged),
    hasSshCredential: hasSshSecret(credential),
  };
}

const NO_SSH: Credential = {
  sshPassword: undefined,
  sshPrivateKey: undefined,
  sshPassphrase: undefined,
};

/** 400 on the secret's field when a test would send a stored secret to another endpoint. */
export function assertSameEndpoint(saved: EndpointShape, target: EndpointShape): void {
  const changed = endpointChanges(saved, target);
  if (changed.length === 0) return;
  const field = usesKeyPair(saved.dbType, saved.options) ? 'privateKey' : 'password';
  throw fieldError(
    field,
    `must be typed again: the stored one is only sent to the server it was saved for, and ${changed.join(', ')} changed`,
  );
}
