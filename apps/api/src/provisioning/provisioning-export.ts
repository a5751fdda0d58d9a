import { stringify } from 'yaml';
import type { EncryptionService } from '../common/encryption.service';
import { openStoredCredential, type Credential } from '../connections/credential';
import type { ConnectionRow } from './provisioning.repository';

const SECRETS: [keyof Credential, string][] = [
  ['password', 'PASSWORD'],
  ['privateKey', 'PRIVATE_KEY'],
  ['privateKeyPassphrase', 'PRIVATE_KEY_PASSPHRASE'],
  ['sshPassword', 'SSH_PASSWORD'],
  ['sshPrivateKey', 'SSH_PRIVATE_KEY'],
  ['sshPassphrase', 'SSH_PASSPHRASE'],
];

/** `SLUICE_<CONNECTION>_<SECRET>`: the variable an exported file reads a secret from. */
export function secretVariable(connection: string, secret: string): string {
  const base = connection
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `SLUICE_${base || 'CONNECTION'}_${secret}`;
}

/**
 * The connections as a provisioning file: every field, and a `${env:…}` reference for each secret
 * a connection has (its value never), so that applying it to the same instance changes nothing
 * once those variables hold the secrets.
 */
export function exportFile(encryption: EncryptionService, rows: ConnectionRow[]): string {
  const connections = rows.map((row) => {
    // Unreadable: still a placeholder to fill in.
    const credential = openStoredCredential(encryption, row.encryptedCredential, row) ?? {
      password: 'unreadable',
    };
    const secrets = Object.fromEntries(
      SECRETS.filter(([field]) => credential[field]).map(([field, suffix]) => [
        field,
        `\${env:${secretVariable(row.name, suffix)}}`,
      ]),
    );
    return {
      name: row.name,
      ...(row.description && { description: row.description }),
      dbType: row.dbType,
      ...(row.host !== null && { host: row.host }),
      ...(row.port !== null && { port: row.port }),
      ...(row.databaseName && { databaseName: row.databaseName }),
      ...(row.username && { username: row.username }),
      ...secrets,
      useSsl: row.useSsl,
      options: row.options,
      ...(row.sshTunnel && { sshTunnel: row.sshTunnel }),
      ...(row.purpose && { purpose: row.purpose }),
      syncSchedule: row.syncSchedule,
      healthCheckInterval: row.healthCheckInterval,
      isActive: row.isActive,
      connectionMode: row.connectionMode,
      aiAccess: row.aiAccess,
      ...(row.writeUsername && { writeUsername: row.writeUsername }),
      ...(row.encryptedWriteCredential && {
        writePassword: `\${env:${secretVariable(row.name, 'WRITE_PASSWORD')}}`,
      }),
    };
  });
  return (
    '# Sluice connections, exported. Secrets are ${env:…} references: set those variables\n' +
    '# (or change them to ${file:/run/secrets/…}) before applying.\n' +
    stringify({ apiVersion: 1, connections }, { lineWidth: 0 })
  );
}
