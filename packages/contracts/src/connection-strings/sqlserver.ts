import {
  ConnectionStringError,
  boolOf,
  portOf,
  refuse,
  unsupported,
  type Dialect,
  type ParsedConnection,
  textOption,
} from './types';

const KEYS: Record<
  string,
  'server' | 'database' | 'user' | 'password' | 'encrypt' | 'trust' | 'port' | 'ignore'
> = {
  server: 'server',
  'data source': 'server',
  address: 'server',
  addr: 'server',
  'network address': 'server',
  servername: 'server',
  database: 'database',
  'initial catalog': 'database',
  databasename: 'database',
  'user id': 'user',
  uid: 'user',
  user: 'user',
  username: 'user',
  password: 'password',
  pwd: 'password',
  encrypt: 'encrypt',
  trustservercertificate: 'trust',
  'trust server certificate': 'trust',
  port: 'port',
  portnumber: 'port',
  'connect timeout': 'ignore',
  'connection timeout': 'ignore',
  logintimeout: 'ignore',
  'application name': 'ignore',
  applicationname: 'ignore',
  multipleactiveresultsets: 'ignore',
  'persist security info': 'ignore',
};
const REFUSED = [
  'attachdbfilename',
  'extended properties',
  'initial file name',
  'keystorelocation',
  'truststore',
  'trustStore'.toLowerCase(),
  'authentication',
];

/** `key=value;` pairs; a value may be quoted with "…" or '…' ("" and '' escape the quote). */
function pairs(text: string, separator: RegExp): [string, string][] {
  const out: [string, string][] = [];
  const pattern =
    /\s*([^=;]+?)\s*=\s*(?:"((?:[^"]|"")*)"|'((?:[^']|'')*)'|\{([^}]*)\}|([^;]*))\s*(?:;|$)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < text.length && (match = pattern.exec(text)) !== null) {
    const value =
      match[2]?.replace(/""/g, '"') ??
      match[3]?.replace(/''/g, "'") ??
      match[4] ??
      match[5]?.trim() ??
      '';
    out.push([match[1]!, value]);
    consumed = pattern.lastIndex;
    if (match[0] === '') break;
  }
  if (text.slice(consumed).replace(separator, '').trim() !== '')
    throw new ConnectionStringError(null, 'The connection string could not be read to its end');
  return out;
}

function apply(fields: ParsedConnection, key: string, value: string): void {
  const name = key.toLowerCase().trim();
  if (REFUSED.includes(name))
    throw refuse(
      key,
      'makes the client read local files or use an identity Sluice does not manage',
    );
  const kind = KEYS[name];
  if (!kind) throw unsupported(key);
  const options = (fields.options ??= {});
  switch (kind) {
    case 'server': {
      const server = value.replace(/^tcp:/i, '');
      const [hostPart, portPart] = server.split(',');
      const [host, instance] = (hostPart ?? '').split('\\');
      fields.host = host?.trim() || null;
      if (instance) options['instanceName'] = instance.trim();
      if (portPart) fields.port = portOf(portPart.trim(), key);
      return;
    }
    case 'database':
      fields.databaseName = value;
      return;
    case 'user':
      fields.username = value;
      return;
    case 'password':
      fields.password = value;
      return;
    case 'encrypt':
      options['encrypt'] = /^(strict|mandatory)$/i.test(value)
        ? true
        : /^optional$/i.test(value)
          ? false
          : boolOf(value, key);
      fields.useSsl = options['encrypt'] === true;
      return;
    case 'trust':
      options['trustServerCertificate'] = boolOf(value, key);
      return;
    case 'port':
      fields.port = portOf(value, key);
      return;
    case 'ignore':
      return;
  }
}

export const sqlserver: Dialect = {
  parse(text) {
    const fields: ParsedConnection = {};
    const jdbc = /^\s*jdbc:sqlserver:\/\/([^;]*)(;.*)?$/i.exec(text);
    if (jdbc) {
      const [hostAndInstance, port] = jdbc[1]!.split(':');
      const [host, instance] = (hostAndInstance ?? '').split('\\');
      fields.host = host || null;
      if (instance) fields.options = { instanceName: instance };
      if (port) fields.port = portOf(port);
      for (const [key, value] of pairs((jdbc[2] ?? '').replace(/^;/, ''), /;/g))
        apply(fields, key, value);
      return fields;
    }
    if (!text.includes('='))
      throw new ConnectionStringError(
        null,
        'Expected an ADO.NET string (Server=…;Database=…) or a jdbc:sqlserver:// URL',
      );
    for (const [key, value] of pairs(text, /;/g)) apply(fields, key, value);
    return fields;
  },
  format(fields) {
    const quote = (v: string) => (/[;'"{}=\s]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const instanceName = textOption(fields.options, 'instanceName');
    const instance = instanceName ? `\\${instanceName}` : '';
    const parts = [
      `Server=${quote(`${fields.host ?? ''}${instance}${fields.port ? `,${fields.port}` : ''}`)}`,
    ];
    if (fields.databaseName) parts.push(`Database=${quote(fields.databaseName)}`);
    if (fields.username) parts.push(`User Id=${quote(fields.username)}`);
    if (fields.password) parts.push(`Password=${quote(fields.password)}`);
    if (typeof fields.options?.['encrypt'] === 'boolean')
      parts.push(`Encrypt=${fields.options['encrypt'] ? 'True' : 'False'}`);
    if (typeof fields.options?.['trustServerCertificate'] === 'boolean') {
      parts.push(
        `TrustServerCertificate=${fields.options['trustServerCertificate'] ? 'True' : 'False'}`,
      );
    }
    return parts.join(';');
  },
};
