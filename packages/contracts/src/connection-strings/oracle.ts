import {
  ConnectionStringError,
  portOf,
  refuse,
  type Dialect,
  type ParsedConnection,
  textOption,
} from './types';

function tnsValue(text: string, key: string): string | undefined {
  return new RegExp(`\\(\\s*${key}\\s*=\\s*([^()]+?)\\s*\\)`, 'i').exec(text)?.[1];
}

export const oracle: Dialect = {
  parse(text) {
    const trimmed = text.trim();
    if (/WALLET_LOCATION|MY_WALLET_DIRECTORY/i.test(trimmed)) throw refuse('WALLET_LOCATION');
    if (trimmed.startsWith('(')) {
      const depth = [...trimmed].reduce(
        (d, c) => (d < 0 ? d : d + (c === '(' ? 1 : c === ')' ? -1 : 0)),
        0,
      );
      if (depth !== 0)
        throw new ConnectionStringError(null, 'The TNS descriptor has unbalanced parentheses');
      const host = tnsValue(trimmed, 'HOST');
      if (!host) throw new ConnectionStringError('HOST', 'The TNS descriptor has no (HOST=…)');
      const service = tnsValue(trimmed, 'SERVICE_NAME') ?? tnsValue(trimmed, 'SID');
      const protocol = tnsValue(trimmed, 'PROTOCOL');
      return {
        host,
        port: portOf(tnsValue(trimmed, 'PORT'), 'PORT') ?? null,
        useSsl: protocol?.toUpperCase() === 'TCPS',
        options: service ? { serviceName: service } : {},
      };
    }
    // EZConnect: [user[/password]@][//]host[:port][/service_name]
    const match =
      /^(?:([^/@]+)(?:\/([^@]*))?@)?(?:\/\/)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?(?:\/([^?:]+))?(\?.*)?$/.exec(
        trimmed,
      );
    if (!match)
      throw new ConnectionStringError(
        null,
        'Expected EZConnect (host:port/service) or a TNS descriptor',
      );
    if (match[6])
      throw new ConnectionStringError(
        match[6].slice(1).split('=')[0] ?? null,
        'EZConnect parameters are not supported',
      );
    const fields: ParsedConnection = {
      host: match[3]!.replace(/^\[|\]$/g, ''),
      port: portOf(match[4]) ?? null,
      options: match[5] ? { serviceName: match[5] } : {},
    };
    if (match[1]) fields.username = match[1];
    if (match[2]) fields.password = match[2];
    return fields;
  },
  format(fields) {
    const serviceName = textOption(fields.options, 'serviceName');
    const service = serviceName ? `/${serviceName}` : '';
    const host = fields.host?.includes(':') ? `[${fields.host}]` : (fields.host ?? '');
    const user = fields.username
      ? `${fields.username}${fields.password ? `/${fields.password}` : ''}@`
      : '';
    return `${user}${host}${fields.port ? `:${fields.port}` : ''}${service}`;
  },
};
