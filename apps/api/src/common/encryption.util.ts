import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_LENGTH = 12; // 96 bits for GCM
const AUTH_TAG_LENGTH = 16; // 128 bits
const FORMAT_VERSION = 'v1';

export class EncryptionError extends Error {}

export type Keyring = ReadonlyMap<string, Buffer>;

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new EncryptionError('The encryption key must be exactly 32 bytes');
}

/** `v1:<keyId>:base64(iv):base64(authTag):base64(ciphertext)`, a fresh random IV each time. */
export function encrypt(plaintext: string, key: Buffer, keyId: string): string {
  assertKey(key);
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) throw new EncryptionError('Invalid key id');
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: AUTH_TAG_LENGTH });
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const authTag = cipher.getAuthTag();
  return [
    FORMAT_VERSION,
    keyId,
    iv.toString('base64'),
    authTag.toString('base64'),
    encrypted.toString('base64'),
  ].join(':');
}

/** The key id a payload was written with, or null when the payload is not of our format. */
export function keyIdOfPayload(encrypted: string): string | null {
  const parts = encrypted.split(':');
  return parts.length === 5 && parts[0] === FORMAT_VERSION ? (parts[1] ?? null) : null;
}

/** Decrypts with the key the payload names; throws EncryptionError on any tampering or mismatch. */
export function decrypt(encrypted: string, keys: Keyring): string {
  const parts = encrypted.split(':');
  if (parts.length !== 5 || parts[0] !== FORMAT_VERSION)
    throw new EncryptionError('Invalid encrypted payload format');
  const [, keyId, ivB64, authTagB64, ciphertextB64] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const key = keys.get(keyId);
  if (!key) throw new EncryptionError(`No key with id ${keyId} is configured`);
  assertKey(key);
  const iv = Buffer.from(ivB64, 'base64');
  const authTag = Buffer.from(authTagB64, 'base64');
  if (iv.length !== IV_LENGTH || authTag.length !== AUTH_TAG_LENGTH) {
    throw new EncryptionError('Invalid encrypted payload format');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: AUTH_TAG_LENGTH });
    decipher.setAuthTag(authTag);
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertextB64, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new EncryptionError(
      'The encrypted payload failed authentication: wrong key or tampered data',
    );
  }
}
