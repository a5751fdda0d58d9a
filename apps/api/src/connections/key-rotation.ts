import { keyIdOfPayload } from '../common/encryption.util';
import type { EncryptionService } from '../common/encryption.service';
import type { ConnectionsRepository, CredentialColumn } from './connections.repository';

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
): Promise<RotationReport> {
  const report: RotationReport = { reencrypted: 0, skipped: 0, failed: [] };
  for (const which of ['encryptedCredential', 'encryptedWriteCredential'] as const)
    await rotateColumn(repository, encryption, batchSize, which, report);
  return report;
}

async function rotateColumn(
  repository: ConnectionsRepository,
  encryption: EncryptionService,
  batchSize: number,
  which: CredentialColumn,
  report: RotationReport,
): Promise<void> {
  let lastId: string | null = null;
  for (;;) {
    const batch = await repository.credentialsAfter(lastId, batchSize, which);
    if (batch.length === 0) return;
    for (const row of batch) {
      lastId = row.id;
      const payload = row.encryptedCredential;
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
      const swapped = await repository.replaceCredential(
        row.id,
        payload,
        encryption.encrypt(plaintext),
        which,
      );
      if (swapped) report.reencrypted += 1;
      else report.skipped += 1; // changed meanwhile: it was written with the current key
    }
  }
}
