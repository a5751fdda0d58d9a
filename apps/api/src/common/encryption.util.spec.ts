import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, EncryptionError, keyIdOfPayload } from './encryption.util';

const key = randomBytes(32);
const keyring = new Map([['k1', key]]);

describe('encryption.util', () => {
  it('round-trips a secret', () => {
    expect(decrypt(encrypt('s3cret!', key, 'k1'), keyring)).toBe('s3cret!');
  });

  it('writes the v1 format with the key id, and no plaintext', () => {
    const payload = encrypt('plain-secret-value', key, 'k1');
    expect(payload).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(keyIdOfPayload(payload)).toBe('k1');
    expect(payload).not.toContain('plain-secret-value');
    expect(Buffer.from(payload.split(':')[4]!, 'base64').toString('utf8')).not.toContain(
      'plain-secret',
    );
  });

  it('uses a random IV: the same plaintext encrypts differently', () => {
    const a = encrypt('same', key, 'k1');
    const b = encrypt('same', key, 'k1');
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it('keeps special characters and Unicode', () => {
    for (const text of ['pässwörd', '密码🔐', `'";--\\:\n\t`, '', 'x'.repeat(1000)]) {
      expect(decrypt(encrypt(text, key, 'k1'), keyring)).toBe(text);
    }
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const parts = encrypt('secret', key, 'k1').split(':');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, 'base64');
      bytes[0] = bytes[0]! ^ 0xff;
      const tampered = [...parts];
      tampered[index] = bytes.toString('base64');
      expect(() => decrypt(tampered.join(':'), keyring)).toThrow(EncryptionError);
    }
  });

  it('rejects the wrong key', () => {
    const payload = encrypt('secret', key, 'k1');
    expect(() => decrypt(payload, new Map([['k1', randomBytes(32)]]))).toThrow(
      /wrong key or tampered/,
    );
  });

  it('rejects an unknown key id', () => {
    expect(() => decrypt(encrypt('secret', key, 'k1'), new Map([['k2', key]]))).toThrow(
      /No key with id k1/,
    );
  });

  it.each(['', 'plain', 'a:b:c', 'v2:k1:a:b:c', 'v1:k1:AAAA:BBBB:CCCC'])(
    'rejects the malformed payload %j',
    (payload) => {
      expect(() => decrypt(payload, keyring)).toThrow(EncryptionError);
    },
  );

  it('refuses a key that is not 32 bytes', () => {
    expect(() => encrypt('x', randomBytes(16), 'k1')).toThrow(/32 bytes/);
  });
});
