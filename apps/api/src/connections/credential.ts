import type { EncryptionService } from '../common/encryption.service';

/** What the one encrypted field holds. Snowflake key-pair secrets join it with their driver. */
export interface Credential {
  password: string;
}

export function sealCredential(encryption: EncryptionService, credential: Credential): string {
  return encryption.encrypt(JSON.stringify(credential));
}

export function openCredential(encryption: EncryptionService, payload: string): Credential {
  return JSON.parse(encryption.decrypt(payload)) as Credential;
}
