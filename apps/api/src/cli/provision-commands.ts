import { loadConfig } from '../config/config';
import { createDatabase, createPool } from '../db/database';
import { EncryptionService } from '../common/encryption.service';
import { commandDatabase } from './cli-database';
import { ProvisioningRepository } from '../provisioning/provisioning.repository';
import { ProvisioningError, readProvisioningFile } from '../provisioning/provisioning-file';
import { hasChanges, planText } from '../provisioning/provisioner';
import { provisionerFor } from '../provisioning/startup-provisioning';
import { exportFile } from '../provisioning/provisioning-export';
import { applyMigrations } from '../db/migrate';

export const PROVISION_USAGE =
  '       npm run sluice -- plan -f FILE.yaml [-f …]   what an apply would change (exit 2 when something would)\n' +
  '       npm run sluice -- apply -f FILE.yaml [-f …]  applies them in one transaction\n' +
  '       npm run sluice -- export                     the connections as a provisioning file\n';

/** Runs `fn` on the command's database (embedded, running or not, or DATABASE_URL). */
async function withDatabase<T>(fn: (pool: ReturnType<typeof createPool>) => Promise<T>) {
  const config = loadConfig();
  const { url, embedded } = await commandDatabase(config);
  const pool = createPool(url);
  try {
    await applyMigrations(pool);
    return await fn(pool);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

/** `plan` and `apply`: 0 when nothing changes (or applied), 2 when a plan has changes, 1 on a bad file. */
export async function provision(command: 'plan' | 'apply', args: string[]): Promise<number> {
  const paths = args.flatMap((arg, i) => (args[i - 1] === '-f' ? [arg] : []));
  if (paths.length === 0) {
    process.stderr.write(`Usage: ${PROVISION_USAGE.trimStart()}`);
    return 2;
  }
  let files;
  try {
    files = paths.map(readProvisioningFile);
  } catch (error) {
    if (!(error instanceof ProvisioningError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const config = loadConfig();
  return withDatabase(async (pool) => {
    const provisioner = provisionerFor(pool, config);
    const plans =
      command === 'plan'
        ? await provisioner.plan(files)
        : await provisioner.apply(files, { userId: null, via: 'cli' });
    process.stdout.write(
      planText(plans).replace(
        / to (create|update|prune)/g,
        command === 'apply' ? ' $1d' : ' to $1',
      ),
    );
    return command === 'plan' && hasChanges(plans) ? 2 : 0;
  });
}

/** `export`: the current connections as a provisioning file, on stdout. */
export async function exportConnections(): Promise<number> {
  const config = loadConfig();
  return withDatabase(async (pool) => {
    const rows = await new ProvisioningRepository(createDatabase(pool)).all();
    process.stdout.write(exportFile(new EncryptionService(config), rows));
    return 0;
  });
}
