import { randomUUID } from 'node:crypto';
import { CONNECTION_TARGET_FIELDS, type ProvisionedConnection } from '@sluice/contracts';
import type { EncryptionService } from '../common/encryption.service';
import {
  credentialOf,
  hasSshSecret,
  openStoredCredential,
  sealCredential,
  SECRET_FIELDS,
} from '../connections/credential';
import { NEVER_TESTED, same } from '../connections/connection-fields';
import { storedTunnel } from '../connections/ssh-tunnels';
import { nextSyncOf } from '../connections/sync-schedule';
import type { ConnectionInsert, ConnectionRow } from './provisioning.repository';

/** The fields a file sets, with the API's defaults for what it leaves out. */
export function desiredOf(item: ProvisionedConnection) {
  return {
    name: item.name,
    description: item.description ?? null,
    dbType: item.dbType,
    host: item.host ?? null,
    port: item.port ?? null,
    databaseName: item.databaseName || null,
    username: item.username || null,
    useSsl: item.useSsl ?? false,
    options: item.options ?? {},
    purpose: item.purpose ?? null,
    syncSchedule: item.syncSchedule ?? 'daily',
    healthCheckInterval: item.healthCheckInterval ?? '15m',
    isActive: item.isActive ?? true,
    connectionMode: item.connectionMode ?? 'guided',
    sshTunnel: item.sshTunnel ? storedTunnel(item.sshTunnel) : null,
    aiAccess: item.aiAccess ?? 'off',
    writeUsername: item.writeUsername ?? null,
  };
}
type Desired = ReturnType<typeof desiredOf>;

/** The fields of `row` that differ from the file's, secrets by name only (never their values). */
export function changedFields(
  encryption: EncryptionService,
  row: ConnectionRow,
  item: ProvisionedConnection,
): string[] {
  const desired = desiredOf(item);
  const changed: string[] = (Object.keys(desired) as (keyof Desired)[]).filter((field) => {
    // A file that leaves the pinned host key out keeps the one a test pinned.
    if (field === 'sshTunnel' && desired.sshTunnel && !item.sshTunnel?.hostKeyFingerprint)
      return !same(
        { ...desired.sshTunnel, hostKeyFingerprint: null },
        row.sshTunnel && { ...row.sshTunnel, hostKeyFingerprint: null },
      );
    return !same(desired[field], row[field as keyof ConnectionRow]);
  });
  // Unreadable (another key or endpoint): whatever the file says replaces it.
  const current = openStoredCredential(encryption, row.encryptedCredential, row);
  const wanted = credentialOf(item);
  for (const name of SECRET_FIELDS)
    if (current === null || (current[name] ?? null) !== (wanted[name] ?? null)) changed.push(name);
  const write = openStoredCredential(encryption, row.encryptedWriteCredential, row);
  if (write === null || (write.password ?? null) !== (item.writePassword ?? null))
    changed.push('writePassword');
  return [...new Set(changed)];
}

/** A new connection's row, as the file describes it. */
export function insertOf(
  encryption: EncryptionService,
  item: ProvisionedConnection,
  file: string,
): ConnectionInsert {
  const desired = desiredOf(item);
  const id = randomUUID();
  return {
    id,
    ...desired,
    ...sealed(encryption, item, desired),
    // Due now: the scheduler reads the schema at its next round, as a save would have.
    nextSyncAt: desired.syncSchedule === 'off' || !desired.isActive ? null : new Date(),
    provisionedFrom: file,
    provisionedCreated: true,
  };
}

/** The changes to an existing row; a new target resets its last test and is synced again. */
export function updateOf(
  encryption: EncryptionService,
  row: ConnectionRow,
  item: ProvisionedConnection,
  fields: string[],
  file: string,
  timeZone: string,
): Partial<ConnectionInsert> {
  const desired = desiredOf(item);
  const target = fields.some((f) => (CONNECTION_TARGET_FIELDS as readonly string[]).includes(f));
  const values: Partial<ConnectionInsert> = {
    ...desired,
    ...sealed(encryption, item, desired),
    provisionedFrom: file,
  };
  if (desired.sshTunnel && !item.sshTunnel?.hostKeyFingerprint && row.sshTunnel)
    values.sshTunnel = {
      ...desired.sshTunnel,
      hostKeyFingerprint: row.sshTunnel.hostKeyFingerprint,
    };
  if (target) Object.assign(values, NEVER_TESTED);
  if (target || fields.includes('syncSchedule') || fields.includes('isActive'))
    values.nextSyncAt =
      desired.syncSchedule === 'off' || !desired.isActive
        ? null
        : target
          ? new Date()
          : nextSyncOf(desired.syncSchedule, row.id, desired.isActive, timeZone);
  if (fields.length > 0) values.updatedAt = new Date();
  return values;
}

function sealed(encryption: EncryptionService, item: ProvisionedConnection, desired: Desired) {
  const credential = credentialOf(item);
  return {
    encryptedCredential: sealCredential(encryption, credential, desired),
    hasSshCredential: hasSshSecret(credential),
    encryptedWriteCredential: item.writePassword
      ? sealCredential(encryption, { password: item.writePassword }, desired)
      : null,
  };
}
