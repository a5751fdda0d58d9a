import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_TOKEN_PREFIX } from '@sluice/contracts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 32 random bytes are 256 bits: 43 base-62 digits hold them all. */
const DIGITS = 43;

/** A new token: the prefix and 32 random bytes in base 62 (letters and digits only). */
export function generateApiToken(): string {
  let n = BigInt(`0x${randomBytes(32).toString('hex')}`);
  let digits = '';
  for (let i = 0; i < DIGITS; i += 1) {
    digits = BASE62[Number(n % 62n)] + digits;
    n /= 62n;
  }
  return API_TOKEN_PREFIX + digits;
}

export function isApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

/** What is stored: the token is 256 random bits, so one SHA-256 is enough (no dictionary exists). */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether two stored hashes are the same, in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
