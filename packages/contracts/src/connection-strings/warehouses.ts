import {
  ConnectionStringError,
  authority,
  query,
  readUri,
  unsupported,
  type Dialect,
  type ParsedConnection,
  textOption,
} from './types';

/** snowflake://user:password@account/database/schema?warehouse=…&role=… */
export const snowflake: Dialect = {
  parse(text) {
    const uri = readUri(text, ['snowflake']);
    const account = (uri.host ?? '').replace(/\.snowflakecomputing\.com$/i, '');
    if (!account)
      throw new ConnectionStringError(
        'account',
        'The Snowflake account is missing: snowflake://user@account/…',
      );
    const [databaseName, schema] = uri.path.split('/');
    const options: Record<string, unknown> = { account };
    if (schema) options['schema'] = schema;
    for (const [key, value] of uri.params) {
      if (key === 'warehouse' || key === 'role' || key === 'schema') options[key] = value;
      else if (key === 'account') options['account'] = value;
      else throw unsupported(key);
    }
    return {
      host: `${account}.snowflakecomputing.com`,
      port: uri.port ?? 443,
      databaseName: databaseName || null,
      username: uri.username,
      ...(uri.password !== undefined && { password: uri.password }),
      useSsl: true,
      options,
    };
  },
  format(fields) {
    const o = fields.options ?? {};
    const account =
      textOption(o, 'account') ?? (fields.host ?? '').replace(/\.snowflakecomputing\.com$/i, '');
    const path = [fields.databaseName ?? '', textOption(o, 'schema') ?? '']
      .filter(Boolean)
      .map(encodeURIComponent)
      .join('/');
    const withAccount: ParsedConnection = { ...fields, host: account, port: null };
    return `snowflake://${authority(withAccount)}/${path}${query({
      warehouse: textOption(o, 'warehouse'),
      role: textOption(o, 'role'),
    })}`;
  },
};

/** databricks://token:<personal access token>@host:443/?http_path=…&catalog=…&schema=… */
export const databricks: Dialect = {
  parse(text) {
    const uri = readUri(text, ['databricks']);
    const options: Record<string, unknown> = {};
    for (const [key, value] of uri.params) {
      if (key === 'http_path' || key === 'httpPath') options['httpPath'] = value;
      else if (key === 'catalog' || key === 'schema') options[key] = value;
      else throw unsupported(key);
    }
    if (uri.path && !options['httpPath']) options['httpPath'] = `/${uri.path}`;
    return {
      host: uri.host,
      port: uri.port ?? 443,
      username: uri.username,
      ...(uri.password !== undefined && { password: uri.password }),
      useSsl: true,
      options,
    };
  },
  format(fields) {
    const o = fields.options ?? {};
    return `databricks://${authority(fields)}${query({
      http_path: textOption(o, 'httpPath'),
      catalog: textOption(o, 'catalog'),
      schema: textOption(o, 'schema'),
    })}`;
  },
};

/** sqlite:relative/path.db, sqlite:///relative/path.db (SQLAlchemy) or file:relative/path.db */
export const sqlite: Dialect = {
  parse(text) {
    const match = /^\s*(?:sqlite|file):(?:\/\/\/?)?([^?]+)(\?.*)?$/i.exec(text);
    if (!match) throw new ConnectionStringError(null, 'Expected sqlite:path/to/file.db');
    if (match[2]) throw unsupported(match[2].slice(1).split('=')[0] ?? 'query');
    return { databaseName: decodeURIComponent(match[1]!.trim()), host: null, port: null };
  },
  format(fields) {
    return `sqlite:${fields.databaseName ?? ''}`;
  },
};
