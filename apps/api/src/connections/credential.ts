import { endpointKey, type EndpointShape } from '@sluice/contracts';
import type { EncryptionService } from '../common/encryption.service';
import type { TestFailure } from './drivers/core/types';

/**
 * What the one encrypted field holds: a password or token, for Snowflake a key pair, and the SSH
 * tunnel's password or private key (and its passphrase).
 */
export interface Credential {
  password?: string;
  privateKey?: string;
  privateKeyPassphrase?: string;
  sshPassword?: string;
  sshPrivateKey?: string;
  sshPassphrase?: string;
}

export const SECRET_FIELDS = [
  'password',
  'privateKey',
  'privateKeyPassphrase',
  'sshPassword',
  'sshPrivateKey',
  'sshPassphrase',
] as const;

/** Whether a credential holds what signs in to an SSH bastion. */
export const hasSshSecret = (credential: Credential | null): boolean =>
  !!(credential?.sshPassword || credential?.sshPrivateKey);

/** The sealed JSON: the secrets and the endpoint they were typed for. */
interface Sealed extends Credential {
  endpoint?: string;
}

/** The sealed credential, bound to the endpoint it may be sent to; null when it holds nothing. */
export function sealCredential(
  encryption: EncryptionService,
  credential: Credential,
  endpoint: EndpointShape,
): string | null {
  const kept = credentialOf(credential);
  if (Object.keys(kept).length === 0) return null;
  const sealed: Sealed = { ...kept, endpoint: endpointKey(endpoint) };
  return encryption.encrypt(JSON.stringify(sealed));
}

/** What a person reads when a stored credential was sealed for another endpoint. */
export const MOVED_CREDENTIAL_FAILURE: TestFailure = {
  errorCode: 'AUTH_FAILED',
  message: 'The stored password was saved for another server, so Sluice did not send it',
  hint: 'Type the password again and save: a stored password is only sent to the host and port it was saved for.',
};

/** A stored credential read for another endpoint than the one it was sealed for. */
export class CredentialEndpointMismatch extends Error {
  constructor() {
    super('The stored credential belongs to another endpoint');
  }
}

/**
 * The secrets of a stored credential, only for the endpoint they were sealed with. Credentials
 * sealed before the binding existed carry none and are taken as bound to the saved target.
 */
export function openCredential(
  encryption: EncryptionService,
  payload: string,
  endpoint: EndpointShape,
): Credential {
  const { endpoint: sealedFor, ...secrets } = JSON.parse(encryption.decrypt(payload)) as Sealed;
  if (sealedFor !== undefined && sealedFor !== endpointKey(endpoint))
    throw new CredentialEndpointMismatch();
  return credentialOf(secrets);
}

/**
 * A stored credential opened for `endpoint`, or null when it cannot be (another key, another
 * endpoint): for the callers that then go on without it. Empty when nothing is stored.
 */
export function openStoredCredential(
  encryption: EncryptionService,
  sealed: string | null,
  endpoint: EndpointShape,
): Credential | null {
  if (!sealed) return {};
  try {
    return openCredential(encryption, sealed, endpoint);
  } catch {
    return null;
  }
}

/** The secrets a request body carries, as one credential. */
export function credentialOf(body: Credential): Credential {
  return Object.fromEntries(SECRET_FIELDS.filter((f) => body[f]).map((f) => [f, body[f]]));
}
