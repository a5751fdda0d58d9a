import {
  ConnectionStringError,
  authority,
  boolOf,
  query,
  readUri,
  refuse,
  unsupported,
  type Dialect,
  type ParsedConnection,
} from './types';

const REFUSED = [
  'localinfile',
  'local_infile',
  'allowloadlocalinfile',
  'allowlocalinfile',
  'sslca',
  'sslcert',
  'sslkey',
  'ssl-ca',
  'ssl-cert',
  'ssl-key',
  'socketpath',
  'socket',
  'initsql',
  'init_command',
  'multiplestatements',
  'allowmultiqueries',
];

export const mysql: Dialect = {
  parse(text) {
    const uri = readUri(text, ['mysql', 'mariadb']);
    const fields: ParsedConnection = {
      host: uri.host,
      port: uri.port ?? null,
      databaseName: uri.path || null,
      username: uri.username,
      ...(uri.password !== undefined && { password: uri.password }),
    };
    for (const [key, value] of uri.params) {
      const name = key.toLowerCase();
      if (REFUSED.includes(name)) throw refuse(key);
      if (name === 'ssl' || name === 'usessl' || name === 'tls') fields.useSsl = boolOf(value, key);
      else if (name === 'ssl-mode' || name === 'sslmode') {
        if (!/^(disabled|preferred|required|verify_ca|verify_identity)$/i.test(value))
          throw new ConnectionStringError(key, `${key} "${value}" is not a MySQL SSL mode`);
        fields.useSsl = !/^(disabled|preferred)$/i.test(value);
        if (/^verify_/i.test(value))
          fields.options = { ...fields.options, verifyServerCertificate: true };
      } else if (name === 'charset' || name === 'connecttimeout' || name === 'connect_timeout')
        continue;
      else throw unsupported(key);
    }
    return fields;
  },
  format(fields) {
    return `mysql://${authority(fields)}/${encodeURIComponent(fields.databaseName ?? '')}${query(
      fields.useSsl && fields.options?.['verifyServerCertificate'] === true
        ? { 'ssl-mode': 'VERIFY_IDENTITY' }
        : { ssl: fields.useSsl ? 'true' : undefined },
    )}`;
  },
};
