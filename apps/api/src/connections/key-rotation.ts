import { keyIdOfPayload } from '../common/encryption.util';
import type { EncryptionService } from '../common/encryption.service';
import type { ConnectionsRepository } from './connections.repository';

/** A column of sealed values, walked in id order and swapped row by row. */
export interface SealedColumn {
  after(lastId: string | null, limit: number): Promise<{ id: string; sealed: string }[]>;
  replace(id: string, previous: string, next: string): Promise<boolean>;
}

/** The connections' two credential columns. */
function credentialColumns(repository: ConnectionsRepository): SealedColumn[] {
  return (['encryptedCredential', 'encryptedWriteCredential'] as const).map((which) => ({
    after: async (lastId, limit) =>
      (await repository.credentialsAfter(lastId, limit, which)).map((r) => ({
        id: r.id,
        sealed: r.encryptedCredential,
      })),
    replace: (id, previous, next) => repository.replaceCredential(id, previous, next, which),
  }));
}

export interface RotationReport {
  reencrypted: number;
  skipped: number;
  failed: { id: string; reason: string }[];
}

/**
 * Re-encrypts every stored credential that is not on the current key, in batches, each row by
 * compare-and-swap so that it is safe while the server runs. Idempotent and resumable: a second
 * run finds everything on the current key and skips it. A row that cannot be decrypted is
 * reported by id and left as it is.
 */
export async function rotateKeys(
  repository: ConnectionsRepository,
  encryption: EncryptionService,
  batchSize = 200,
  others: SealedColumn[] = [],
): Promise<RotationReport> {
  const report: RotationReport = { reencrypted: 0, skipped: 0, failed: [] };
  for (const column of [...credentialColumns(repository), ...others])
    await rotateColumn(column, encryption, batchSize, report);
  return report;
}

async function rotateColumn(
  column: SealedColumn,
  encryption: EncryptionService,
  batchSize: number,
  report: RotationReport,
): Promise<void> {
  let lastId: string | null = null;
  for (;;) {
    const batch = await column.after(lastId, batchSize);
    if (batch.length === 0) return;
    for (const row of batch) {
      lastId = row.id;
      const payload = row.sealed;
      if (keyIdOfPayload(payload) === encryption.currentKeyId) {
        report.skipped += 1;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = encryption.decrypt(payload);
      } catch (error) {
        report.failed.push({
          id: row.id,
          reason: error instanceof Error ? error.message : 'cannot be decrypted',
        });
        continue;
      }
      const swapped = await column.replace(row.id, payload, encryption.encrypt(plaintext));
      if (swapped) report.reencrypted += 1;
      else report.skipped += 1; // changed meanwhile: it was written with the current key
    }
  }
}
