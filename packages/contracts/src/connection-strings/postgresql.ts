import {
  ConnectionStringError,
  authority,
  query,
  readUri,
  refuse,
  unsupported,
  type Dialect,
  type ParsedConnection,
  textOption,
} from './types';

const REFUSED = new Set([
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslcrl',
  'sslcrldir',
  'passfile',
  'options',
  'service',
  'servicefile',
  'sslpassword',
]);
const IGNORED = new Set([
  'application_name',
  'connect_timeout',
  'target_session_attrs',
  'fallback_application_name',
]);

function applyParam(fields: ParsedConnection, key: string, value: string): void {
  const name = key.toLowerCase();
  if (REFUSED.has(name)) throw refuse(key);
  if (IGNORED.has(name)) return;
  switch (name) {
    case 'sslmode':
      if (!['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(value)) {
        throw new ConnectionStringError(
          key,
          `sslmode "${value}" is not one of disable, prefer, require, verify-ca, verify-full`,
        );
      }
      fields.useSsl = !['disable', 'allow', 'prefer'].includes(value);
      // verify-ca and verify-full both ask for a checked certificate: Sluice checks the name too.
      if (value.startsWith('verify-'))
        fields.options = { ...fields.options, verifyServerCertificate: true };
      return;
    case 'host':
      fields.host = value;
      return;
    case 'port':
      fields.port = Number(value);
      return;
    case 'dbname':
      fields.databaseName = value;
      return;
    case 'user':
      fields.username = value;
      return;
    case 'password':
      fields.password = value;
      return;
    case 'currentschema':
      fields.options = { ...fields.options, schema: value };
      return;
    default:
      throw unsupported(key);
  }
}

/** `key=value` pairs, values optionally in single quotes with backslash escapes (libpq's rules). */
function parseDsn(text: string): ParsedConnection {
  const fields: ParsedConnection = {};
  const pattern = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    applyParam(
      fields,
      match[1]!,
      match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!,
    );
    consumed = pattern.lastIndex;
  }
  if (text.slice(consumed).trim() !== '')
    throw new ConnectionStringError(
      null,
      'The key=value string could not be read after position ' + consumed,
    );
  if (
    fields.port !== undefined &&
    (!Number.isInteger(fields.port) || fields.port! < 1 || fields.port! > 65535)
  ) {
    throw new ConnectionStringError('port', 'The port is not a number from 1 to 65535');
  }
  return fields;
}

export const postgresql: Dialect = {
  parse(text) {
    if (!/^\s*postgres(ql)?:\/\//i.test(text)) return parseDsn(text);
    const uri = readUri(text, ['postgres', 'postgresql']);
    if (uri.host?.startsWith('/') || uri.url.hostname.startsWith('%2F'))
      throw refuse('host', 'points at a local socket');
    const fields: ParsedConnection = {
      host: uri.host,
      port: uri.port ?? null,
      databaseName: uri.path || null,
      username: uri.username,
      ...(uri.password !== undefined && { password: uri.password }),
    };
    for (const [key, value] of uri.params) applyParam(fields, key, value);
    return fields;
  },
  format(fields) {
    const schema = textOption(fields.options, 'schema');
    return `postgresql://${authority(fields)}/${encodeURIComponent(fields.databaseName ?? '')}${query(
      {
        sslmode: fields.useSsl
          ? fields.options?.['verifyServerCertificate'] === true
            ? 'verify-full'
            : 'require'
          : undefined,
        currentSchema: schema,
      },
    )}`;
  },
};
