import { createHash, randomBytes } from 'node:crypto';

/** A key is 32 bytes given as base64 (44 chars), hex (64 chars) or 32 raw UTF-8 bytes. */
export function parseEncryptionKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed, 'base64');
    if (decoded.length === 32) return decoded;
  }
  const raw = Buffer.from(trimmed, 'utf8');
  return raw.length === 32 ? raw : null;
}

/** Stable, non-secret id of a key: first 8 hex chars of its SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function isValidJwtSecret(value: string): boolean {
  return value.trim().length >= 32;
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

export function generateSecret(): string {
  return randomBytes(48).toString('base64url');
}
