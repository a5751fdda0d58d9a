import { createConnectionSchema, DIALECTS } from '@sluice/contracts';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { toCreate, type ConnectionFormValues } from './connectionForm';
import { SSH_FIELDS } from './sshForm';

/** Validates with the contracts' own schema, on the payload the form would send. */
export const connectionResolver: Resolver<ConnectionFormValues> = (values) => {
  const result = createConnectionSchema.safeParse(toCreate(values));
  if (result.success) return { values, errors: {} };
  const errors: Record<string, { type: string; message: string }> = {};
  for (const issue of result.error.issues) {
    const raw = issue.path.join('.');
    const path = SSH_FIELDS[raw]?.field ?? patternField(raw) ?? raw;
    const message = `${SSH_FIELDS[raw]?.label ?? fieldLabel(values, path)} ${issue.message}`;
    if (!errors[path]) errors[path] = { type: issue.code, message };
  }
  return { values: {}, errors: nest(errors) };
};

/** `options.schemas.include.2` is the Include schemas field. */
const patternField = (raw: string) =>
  raw.startsWith('options.schemas.include')
    ? 'schemaInclude'
    : raw.startsWith('options.schemas.exclude')
      ? 'schemaExclude'
      : undefined;

const FIELD_LABELS: Record<string, string> = {
  schemaInclude: 'Include schemas',
  schemaExclude: 'Exclude schemas',
  name: 'Name',
  description: 'Description',
  host: 'Host',
  port: 'Port',
  username: 'Username',
  password: 'Password',
  privateKey: 'Private key',
  privateKeyPassphrase: 'Passphrase',
  connectionString: 'Connection string',
  syncSchedule: 'Schema sync',
};

/** An error says which field it is about: "Name is required", not "is required". */
function fieldLabel(values: ConnectionFormValues, path: string): string {
  if (path === 'databaseName')
    return DIALECTS[values.dbType].location === 'file' ? 'Database file' : 'Database name';
  if (path.startsWith('options.')) {
    const name = path.slice('options.'.length);
    return DIALECTS[values.dbType].formOptions.find((f) => f.name === name)?.label ?? name;
  }
  return FIELD_LABELS[path] ?? path;
}

function nest(
  flat: Record<string, { type: string; message: string }>,
): FieldErrors<ConnectionFormValues> {
  const out: Record<string, unknown> = {};
  for (const [path, error] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = out;
    parts.slice(0, -1).forEach((part) => (node = (node[part] ??= {}) as Record<string, unknown>));
    node[parts[parts.length - 1]!] = error;
  }
  return out;
}
