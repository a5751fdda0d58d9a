import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sluice-config-'));
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString(
  'base64',
);
const OLD = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 7) % 256)).toString(
  'base64',
);
const JWT = 'Qm9vdHN0cmFwLXNlY3JldC1mb3ItdGVzdHMtb25seS0xMjM0NTY';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.port).toBe(3000);
    expect(config.env).toBe('development');
    expect(config.logLevel).toBe('info');
    expect(config.admin.email).toBe('admin@sluice.local');
    // Development listens on this machine only; production on every interface; HOST wins.
    expect(config.host).toBe('127.0.0.1');
    const production = { NODE_ENV: 'production', ENCRYPTION_KEY: KEY, JWT_SECRET: JWT };
    expect(loadConfig({ DATA_DIR: dataDir(), ...production }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('has no embedding provider by default, and asks for the URL and model of one', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).embeddings).toEqual({ provider: 'none' });
    const ollama = { DATA_DIR: dataDir(), EMBEDDINGS_PROVIDER: 'openai-compatible' };
    expect(() => loadConfig(ollama)).toThrow(
      'Invalid configuration: EMBEDDINGS_URL is required with EMBEDDINGS_PROVIDER=openai-compatible',
    );
    expect(() => loadConfig({ ...ollama, EMBEDDINGS_URL: 'http://ollama:11434/v1' })).toThrow(
      'EMBEDDINGS_MODEL is required',
    );
    expect(
      loadConfig({
        ...ollama,
        EMBEDDINGS_URL: 'http://ollama:11434/v1/',
        EMBEDDINGS_MODEL: 'nomic-embed-text',
        EMBEDDINGS_QUERY_PREFIX: 'search_query: ',
      }).embeddings,
    ).toMatchObject({
      url: 'http://ollama:11434/v1',
      model: 'nomic-embed-text',
      batchSize: 64,
      prefixes: { query: 'search_query: ', document: '' },
    });
    expect(() =>
      loadConfig({ ...ollama, EMBEDDINGS_URL: 'ftp://x/v1', EMBEDDINGS_MODEL: 'm' }),
    ).toThrow('EMBEDDINGS_URL must be an http(s) URL');
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
    for (const key of [
      KEY,
      '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0',
      'raw-key-Of-32-Bytes-xyz!#%&/()=?',
    ]) {
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

  describe('encryption keys (security findings 8 and 14)', () => {
    const base = { DATA_DIR: dataDir(), JWT_SECRET: JWT };
    it('refuses a key id listed twice, and the same key under two ids', () => {
      expect(() => loadConfig({ ...base, ENCRYPTION_KEYS: `a:${KEY},a:${OLD}` })).toThrow(
        /lists the key id "a" twice/,
      );
      expect(() => loadConfig({ ...base, ENCRYPTION_KEYS: `a:${KEY},b:${KEY}` })).toThrow(
        /lists the same key twice/,
      );
    });

    it('finds a key by its fingerprint whatever its label, so ENCRYPTION_KEY=K then ENCRYPTION_KEYS=new:N,old:K still reads K', () => {
      const before = loadConfig({ ...base, ENCRYPTION_KEY: OLD });
      const after = loadConfig({ ...base, ENCRYPTION_KEYS: `new:${KEY},old:${OLD}` });
      expect(after.encryption.keyId).toBe('new');
      expect(
        after.encryption.keyring.get(before.encryption.keyId)?.equals(before.encryption.key),
      ).toBe(true);
    });

    it('accepts ENCRYPTION_KEYS alone in production, and warns when ENCRYPTION_KEY is not among them', () => {
      const config = loadConfig({
        ...base,
        NODE_ENV: 'production',
        ENCRYPTION_KEYS: `new:${KEY}`,
        ENCRYPTION_KEY: OLD,
      });
      expect(config.encryption.keyId).toBe('new');
      expect(config.warnings.join(' ')).toMatch(
        /ENCRYPTION_KEY is set but is not among ENCRYPTION_KEYS/,
      );
    });

    it('refuses an all-zero key and a repeated-character JWT secret in production', () => {
      const production = { ...base, NODE_ENV: 'production' };
      expect(() =>
        loadConfig({ ...production, ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }),
      ).toThrow(/too little randomness/);
      expect(() =>
        loadConfig({ ...production, ENCRYPTION_KEY: KEY, JWT_SECRET: 'x'.repeat(48) }),
      ).toThrow(/JWT_SECRET has too little randomness/);
    });
  });

  describe('TRUST_PROXY (security finding 7)', () => {
    it('reads false, a hop count, CIDRs, and true as one hop with a warning', () => {
      const at = (TRUST_PROXY: string) => loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY });
      expect(at('false').trustProxy).toBe(false);
      expect(at('2').trustProxy).toBe(2);
      expect(at('10.0.0.0/8, 192.0.2.1').trustProxy).toEqual(['10.0.0.0/8', '192.0.2.1/32']);
      const legacy = at('true');
      expect(legacy.trustProxy).toBe(1);
      expect(legacy.warnings.join(' ')).toMatch(/TRUST_PROXY=true is read as one proxy hop/);
      expect(() => at('everyone')).toThrow(ConfigError);
    });
  });
});
