import type { EncryptionService } from '../common/encryption.service';

/** What the one encrypted field holds: a password or token, and for Snowflake a key pair. */
export interface Credential {
  password?: string;
  privateKey?: string;
  privateKeyPassphrase?: string;
}

export const SECRET_FIELDS = ['password', 'privateKey', 'privateKeyPassphrase'] as const;

/** The sealed credential, or null when it holds nothing. */
export function sealCredential(
  encryption: EncryptionService,
  credential: Credential,
): string | null {
  const kept = credentialOf(credential);
  return Object.keys(kept).length > 0 ? encryption.encrypt(JSON.stringify(kept)) : null;
}

export function openCredential(encryption: EncryptionService, payload: string): Credential {
  return JSON.parse(encryption.decrypt(payload)) as Credential;
}

/** The secrets a request body carries, as one credential. */
export function credentialOf(body: Credential): Credential {
  return Object.fromEntries(SECRET_FIELDS.filter((f) => body[f]).map((f) => [f, body[f]]));
}
