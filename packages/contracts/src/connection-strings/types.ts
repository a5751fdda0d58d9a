/** What a connection string says, in the guided form's fields. */
export interface ParsedConnection {
  host?: string | null;
  port?: number | null;
  databaseName?: string | null;
  username?: string | null;
  password?: string;
  useSsl?: boolean;
  options?: Record<string, unknown>;
}

/** A string Sluice will not take, naming the parameter at fault when there is one. */
export class ConnectionStringError extends Error {
  constructor(
    readonly parameter: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface Dialect {
  parse(text: string): ParsedConnection;
  format(fields: ParsedConnection): string;
}

export const refuse = (
  parameter: string,
  why = 'makes the client read local files or change server settings',
) =>
  new ConnectionStringError(parameter, `The parameter "${parameter}" is not accepted: it ${why}`);

export const unsupported = (parameter: string) =>
  new ConnectionStringError(
    parameter,
    `The parameter "${parameter}" is not supported: set it in the guided form if it has a field`,
  );

export function portOf(text: string | undefined | null, parameter = 'port'): number | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConnectionStringError(
      parameter,
      `The port "${text}" is not a number from 1 to 65535`,
    );
  return port;
}

export function boolOf(text: string, parameter: string): boolean {
  if (/^(true|yes|1|on)$/i.test(text)) return true;
  if (/^(false|no|0|off)$/i.test(text)) return false;
  throw new ConnectionStringError(parameter, `The parameter "${parameter}" must be true or false`);
}

/** Reads `scheme://user:pass@host:port/path?query` with the WHATWG URL parser, in Node and browsers. */
export function readUri(text: string, schemes: string[]) {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme)) {
    throw new ConnectionStringError(
      null,
      `Expected a URI starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
    );
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConnectionStringError(null, 'The connection string is not a valid URI');
  }
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new ConnectionStringError(null, 'The connection string has a malformed %-escape');
    }
  };
  return {
    url,
    host: url.hostname ? decode(url.hostname).replace(/^\[|\]$/g, '') : null,
    port: portOf(url.port),
    username: url.username ? decode(url.username) : null,
    password: url.password ? decode(url.password) : undefined,
    path: decode(url.pathname.replace(/^\//, '')),
    params: [...url.searchParams.entries()],
  };
}

export function authority(fields: ParsedConnection): string {
  const user = fields.username ? encodeURIComponent(fields.username) : '';
  const password = fields.password ? `:${encodeURIComponent(fields.password)}` : '';
  const host = fields.host?.includes(':') ? `[${fields.host}]` : (fields.host ?? '');
  return `${user}${password}${user || password ? '@' : ''}${host}${fields.port ? `:${fields.port}` : ''}`;
}

export function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string] => e[1] !== undefined && e[1] !== '',
  );
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

/** An option's value when it is text, for the formatters. */
export function textOption(
  options: Record<string, unknown> | undefined,
  key: string,
): string | undefined {
  const value = options?.[key];
  return typeof value === 'string' ? value : undefined;
}
