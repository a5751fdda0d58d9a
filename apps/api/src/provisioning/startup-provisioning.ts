import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { AuditRepository } from '../audit/audit.repository';
import { EncryptionService } from '../common/encryption.service';
import { ConfigError, type AppConfig } from '../config/config';
import { createDatabase } from '../db/database';
import { ProvisioningRepository } from './provisioning.repository';
import { ProvisioningError, readProvisioningFile, type ParsedFile } from './provisioning-file';
import { Provisioner, type Applier } from './provisioner';

/** A provisioner over a pool, for the start-up and the CLI (no Nest application). */
export function provisionerFor(pool: Pool, config: AppConfig): Provisioner {
  const db = createDatabase(pool);
  return new Provisioner(
    new ProvisioningRepository(db),
    new EncryptionService(config),
    new AuditRepository(db),
    config.schedules.timeZone,
  );
}

/** Every *.yaml (or .yml) file of a folder, parsed, in name order. */
export function readProvisioningDir(dir: string): ParsedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort();
  } catch (error) {
    throw new ProvisioningError([
      `${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    ]);
  }
  return names.map((name) => readProvisioningFile(join(dir, name)));
}

/** At start-up with PROVISIONING_DIR: its files applied, or one line and no start. */
export async function provisionAtStartup(pool: Pool, config: AppConfig, logger: Logger) {
  if (!config.provisioningDir || config.role === 'worker') return;
  const applier: Applier = { userId: null, via: 'startup' };
  try {
    const plans = await provisionerFor(pool, config).apply(
      readProvisioningDir(config.provisioningDir),
      applier,
    );
    for (const plan of plans)
      logger.info(
        `Provisioned ${plan.file}: ${plan.create.length} created, ${plan.update.length} updated, ${plan.unchanged.length} unchanged, ${plan.prune.length} pruned`,
      );
  } catch (error) {
    if (error instanceof ProvisioningError)
      throw new ConfigError(`PROVISIONING_DIR: ${error.problems.join('; ')}`);
    throw error;
  }
}
