import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sluice-config-'));
const KEY = Buffer.alloc(32, 3).toString('base64');
const JWT = 'j'.repeat(40);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.port).toBe(3000);
    expect(config.env).toBe('development');
    expect(config.logLevel).toBe('info');
    expect(config.admin.email).toBe('admin@sluice.local');
  });

  it('generates development keys into DATA_DIR with mode 0600 and reuses them', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const mode = statSync(join(dir, 'secrets.json')).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(first.warnings.join(' ')).toMatch(/Generated development keys/);
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.encryption.key.equals(first.encryption.key)).toBe(true);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.warnings).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toHaveProperty(
      'encryptionKey',
    );
  });

  it.each([
    [{ JWT_SECRET: JWT }, /ENCRYPTION_KEY is required/],
    [{ ENCRYPTION_KEY: KEY }, /JWT_SECRET is required/],
    [{ ENCRYPTION_KEY: 'too-short', JWT_SECRET: JWT }, /ENCRYPTION_KEY must be 32 bytes/],
    [{ ENCRYPTION_KEY: KEY, JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32/],
    [{ ENCRYPTION_KEY: KEY, JWT_SECRET: JWT, PORT: 'eighty' }, /PORT/],
  ])('refuses a production boot with %o', (env, message) => {
    const run = () =>
      loadConfig({
        NODE_ENV: 'production',
        DATA_DIR: dataDir(),
        DATABASE_URL: 'postgres://x/y',
        ...env,
      });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });

  it('accepts base64, hex and 32-byte raw keys', () => {
    for (const key of [KEY, 'ab'.repeat(32), 'k'.repeat(32)]) {
      const config = loadConfig({
        NODE_ENV: 'production',
        ENCRYPTION_KEY: key,
        JWT_SECRET: JWT,
        DATABASE_URL: 'postgres://x/y',
      });
      expect(config.encryption.key).toHaveLength(32);
      expect(config.encryption.keyId).toMatch(/^[0-9a-f]{8}$/);
    }
  });
});
