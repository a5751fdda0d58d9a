import {
  DB_TYPES,
  DEFAULT_PORTS,
  DIALECTS,
  type OptionField,
  usesKeyPair,
  type Connection,
  type CreateConnectionRequest,
  type DbType,
  type HealthCheckInterval,
  type PURPOSES,
  type TestConnectionRequest,
  type UpdateConnectionRequest,
  type ParsedConnection,
  endpointChanges,
} from '@sluice/contracts';
import { patternsOf, patternText } from './schemaPatterns';
import {
  emptySsh,
  sshSecretsOf,
  sshValuesFrom,
  tunnelOf,
  tunnelUpdate,
  type SshFormValues,
} from './sshForm';

/** The option fields' values, by name: text, a choice, or a switch. */
export type OptionValues = Record<string, string | boolean>;

export interface ConnectionFormValues {
  name: string;
  description: string;
  dbType: DbType;
  host: string;
  port: string;
  databaseName: string;
  username: string;
  password: string;
  privateKey: string;
  privateKeyPassphrase: string;
  useSsl: boolean;
  purpose: '' | (typeof PURPOSES)[number];
  syncSchedule: string;
  healthCheckInterval: HealthCheckInterval;
  connectionMode: 'guided' | 'connection_string';
  options: OptionValues;
  /** Schema patterns, comma-separated (`options.schemas.include` / `.exclude`). */
  schemaInclude: string;
  schemaExclude: string;
  ssh: SshFormValues;
}

/** Every type's form options, in the descriptor's order. */
const FORM_OPTIONS: OptionField[] = DB_TYPES.flatMap((type) => DIALECTS[type].formOptions);
const MANAGED_OPTIONS = new Set<string>(FORM_OPTIONS.map((field) => field.name));

const EMPTY_OPTIONS: OptionValues = Object.fromEntries(
  FORM_OPTIONS.map((field) => [field.name, field.kind === 'switch' ? false : '']),
);

/** Certificate checks only mean something over SSL, and a CA only when checking. */
export function showsOption(values: ConnectionFormValues, field: OptionField): boolean {
  if (!field.tls) return true;
  if (!values.useSsl) return false;
  return field.tls === 'switch' || values.options['verifyServerCertificate'] === true;
}

/** The type's key-pair sign-in is chosen (Snowflake's `authenticator: key_pair`). */
export function usesKeyPairIn(values: ConnectionFormValues): boolean {
  return usesKeyPair(values.dbType, values.options);
}

export function emptyValues(dbType: DbType = 'postgresql'): ConnectionFormValues {
  return {
    name: '',
    description: '',
    dbType,
    host: '',
    port: String(DEFAULT_PORTS[dbType] ?? ''),
    databaseName: '',
    username: '',
    password: '',
    privateKey: '',
    privateKeyPassphrase: '',
    useSsl: false,
    purpose: '',
    syncSchedule: 'daily',
    healthCheckInterval: '15m',
    connectionMode: 'guided',
    options: { ...EMPTY_OPTIONS },
    schemaInclude: '',
    schemaExclude: '',
    ssh: emptySsh(),
  };
}

export function valuesFrom(connection: Connection): ConnectionFormValues {
  const options = { ...EMPTY_OPTIONS };
  for (const [key, value] of Object.entries(connection.options)) {
    if (key in options) Object.assign(options, { [key]: value });
  }
  return {
    name: connection.name,
    description: connection.description ?? '',
    dbType: connection.dbType,
    host: connection.host ?? '',
    port: connection.port === null ? '' : String(connection.port),
    databaseName: connection.databaseName ?? '',
    username: connection.username ?? '',
    password: '',
    privateKey: '',
    privateKeyPassphrase: '',
    useSsl: connection.useSsl,
    purpose: connection.purpose ?? '',
    syncSchedule: connection.syncSchedule,
    healthCheckInterval: connection.healthCheckInterval,
    connectionMode: connection.connectionMode,
    options,
    schemaInclude: patternText(connection, 'include'),
    schemaExclude: patternText(connection, 'exclude'),
    ssh: sshValuesFrom(connection),
  };
}

const text = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The options of the chosen type, plus any the form does not show (kept as they were). */
function optionsOf(values: ConnectionFormValues, original?: Connection): Record<string, unknown> {
  const kept = Object.fromEntries(
    Object.entries(original?.options ?? {}).filter(
      ([key]) => !MANAGED_OPTIONS.has(key) && key !== 'schemas',
    ),
  );
  const schemas = patternsOf(values);
  if (schemas) kept['schemas'] = schemas;
  for (const field of DIALECTS[values.dbType].formOptions) {
    if (!showsOption(values, field)) continue;
    const value = values.options[field.name];
    if (field.kind === 'switch') {
      // A TLS check is sent only when asked for; other switches always say what they are.
      if (typeof value === 'boolean' && (value || !field.tls)) kept[field.name] = value;
    } else if (typeof value === 'string' && value.trim()) {
      kept[field.name] = field.kind === 'pem' ? `${value.trim()}\n` : value.trim();
    }
  }
  return kept;
}

/** Key-pair secrets, sent only when typed. */
function keyPairOf(values: ConnectionFormValues): {
  privateKey?: string;
  privateKeyPassphrase?: string;
} {
  if (!usesKeyPairIn(values)) return {};
  return {
    ...(values.privateKey.trim() && { privateKey: values.privateKey.trim() + '\n' }),
    ...(values.privateKeyPassphrase && { privateKeyPassphrase: values.privateKeyPassphrase }),
  };
}

/** Where to connect: the part of the form a test depends on. */
export function targetOf(values: ConnectionFormValues, original?: Connection) {
  const isFile = DIALECTS[values.dbType].location === 'file';
  return {
    dbType: values.dbType,
    host: isFile ? undefined : (text(values.host) ?? ''),
    port: isFile || values.port.trim() === '' ? undefined : Number(values.port),
    databaseName: text(values.databaseName),
    username: text(values.username),
    useSsl: values.useSsl,
    options: optionsOf(values, original),
    sshTunnel: tunnelOf(values.dbType, values.ssh),
  };
}

export function toCreate(values: ConnectionFormValues): CreateConnectionRequest {
  return {
    name: values.name.trim(),
    description: text(values.description),
    ...targetOf(values),
    password: values.password === '' ? undefined : values.password,
    ...keyPairOf(values),
    ...sshSecretsOf(values.dbType, values.ssh),
    purpose: values.purpose === '' ? undefined : values.purpose,
    syncSchedule: values.syncSchedule.trim(),
    healthCheckInterval: values.healthCheckInterval,
    connectionMode: values.connectionMode,
  };
}

/** Only what changed; a blank password keeps the stored one unless removal was asked. */
export function toUpdate(
  values: ConnectionFormValues,
  original: Connection,
  removePassword: boolean,
): UpdateConnectionRequest {
  const target = targetOf(values, original);
  const next: Record<string, unknown> = {
    name: values.name.trim(),
    description: text(values.description) ?? null,
    dbType: target.dbType,
    host: target.host ?? null,
    port: target.port ?? null,
    databaseName: target.databaseName ?? null,
    username: target.username ?? null,
    useSsl: target.useSsl,
    options: target.options,
    purpose: values.purpose === '' ? null : values.purpose,
    syncSchedule: values.syncSchedule.trim(),
    healthCheckInterval: values.healthCheckInterval,
    connectionMode: values.connectionMode,
  };
  const changes = Object.fromEntries(
    Object.entries(next).filter(
      ([key, value]) =>
        JSON.stringify(value) !== JSON.stringify(original[key as keyof Connection] ?? null),
    ),
  );
  if (removePassword) changes.password = '';
  else if (values.password !== '') changes.password = values.password;
  Object.assign(changes, keyPairOf(values), sshSecretsOf(values.dbType, values.ssh));
  Object.assign(changes, tunnelUpdate(values.dbType, values.ssh, original));
  return changes;
}

export function toTest(
  values: ConnectionFormValues,
  original: Connection | undefined,
  removePassword: boolean,
): TestConnectionRequest {
  const useStored = original && !removePassword && values.password === '';
  return {
    ...targetOf(values, original),
    ...(useStored
      ? { connectionId: original.id }
      : { password: removePassword ? undefined : values.password || undefined }),
    ...keyPairOf(values),
    ...sshSecretsOf(values.dbType, values.ssh),
  };
}

/**
 * A stored secret is only sent to the server it was saved for: once the type, host, port or
 * account changes, the password (or key) must be typed again.
 */
export function needsSecretAgain(
  values: ConnectionFormValues,
  original: Connection | undefined,
): boolean {
  if (!original?.hasCredential) return false;
  return endpointChanges(original, targetOf(values, original)).length > 0;
}

/** Identifies the values a test ran with: any edit of a connection field changes it. */
export function fingerprint(values: ConnectionFormValues, removePassword: boolean): string {
  return JSON.stringify({
    ...targetOf(values),
    ...keyPairOf(values),
    ...sshSecretsOf(values.dbType, values.ssh),
    password: values.password,
    removePassword,
  });
}

/** The form values a parsed connection string gives, over the current ones. */
export function valuesFromString(
  current: ConnectionFormValues,
  parsed: ParsedConnection,
): ConnectionFormValues {
  const options = { ...current.options };
  for (const [key, value] of Object.entries(parsed.options ?? {})) {
    if (key in options && (typeof value === 'string' || typeof value === 'boolean'))
      Object.assign(options, { [key]: value });
  }
  return {
    ...current,
    host: parsed.host ?? '',
    port: parsed.port ? String(parsed.port) : current.port,
    databaseName: parsed.databaseName ?? '',
    username: parsed.username ?? '',
    password: parsed.password ?? current.password,
    useSsl: parsed.useSsl ?? current.useSsl,
    connectionMode: 'connection_string',
    options,
  };
}
