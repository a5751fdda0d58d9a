import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEncryptionKey, generateSecret } from './keys';

export interface GeneratedSecrets {
  encryptionKey: string;
  jwtSecret: string;
  embeddedDbPassword: string;
}

export const SECRETS_FILE = 'secrets.json';

/**
 * Development keys kept in DATA_DIR (mode 0600) so that a restart reuses them.
 * Returns the secrets and whether any were newly generated.
 */
export function loadOrCreateSecrets(dataDir: string): {
  secrets: GeneratedSecrets;
  created: boolean;
} {
  const file = join(dataDir, SECRETS_FILE);
  const existing: Partial<GeneratedSecrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<GeneratedSecrets>)
    : {};
  const secrets: GeneratedSecrets = {
    encryptionKey: existing.encryptionKey ?? generateEncryptionKey(),
    jwtSecret: existing.jwtSecret ?? generateSecret(),
    embeddedDbPassword: existing.embeddedDbPassword ?? generateSecret(),
  };
  const created = JSON.stringify(existing) !== JSON.stringify(secrets);
  if (created) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return { secrets, created };
}
