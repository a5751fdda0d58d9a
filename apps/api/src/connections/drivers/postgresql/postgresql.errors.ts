import type { TestFailure } from '../core/types';
import { CleartextPasswordRefused, cleartextFailure } from '../core/cleartext';
import { errorCodeOf, errorMessageOf } from '../core/error-text';

export interface PgErrorContext {
  host: string;
  port: number;
  databaseName: string | null;
  username: string | null;
  hasPassword: boolean;
}

const TLS_ERROR = /^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/** PostgreSQL's SQLSTATEs and the client's own errors → Sluice's codes, with a hint naming the field. */
export function classifyPostgresError(error: unknown, ctx: PgErrorContext): TestFailure {
  const code = errorCodeOf(error) ?? '';
  const text = errorMessageOf(error);
  const user = ctx.username ?? '(none)';
  const database = ctx.databaseName ?? ctx.username ?? 'postgres';
  if (error instanceof CleartextPasswordRefused) return cleartextFailure('postgresql');
  if (code === '28000' && /no encryption|SSL off/i.test(text)) {
    return {
      errorCode: 'TLS_REQUIRED',
      message: 'The server only accepts encrypted connections',
      hint: 'Turn on "Use SSL": the server refuses unencrypted connections.',
    };
  }
  if (code === '28P01' || (code === '28000' && /password|authentication/i.test(text))) {
    return {
      errorCode: 'AUTH_FAILED',
      message: `Password authentication failed for user "${user}"`,
      hint: 'Check the username and password: the server rejected them.',
    };
  }
  if (code === '28000') {
    return {
      errorCode: 'AUTH_FAILED',
      message: `The server refused user "${user}": ${text}`,
      hint: 'Check the username: the server does not let this role sign in from here.',
    };
  }
  if (/client password must be a string|SASL/i.test(text) && !ctx.hasPassword) {
    return {
      errorCode: 'AUTH_FAILED',
      message: 'The server asks for a password and none was given',
      hint: 'Enter the password: the server requires one for this user.',
    };
  }
  if (code === '3D000') {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The database "${database}" does not exist`,
      hint: `Check the database name: "${database}" does not exist on ${ctx.host}.`,
    };
  }
  if (code === '42501') {
    return {
      errorCode: 'PERMISSION_DENIED',
      message: `User "${user}" may not connect to "${database}"`,
      hint: `Ask the database admin to grant CONNECT on "${database}" to "${user}".`,
    };
  }
  if (text === 'The server does not support SSL connections') {
    return {
      errorCode: 'TLS_FAILED',
      message: 'The server does not support SSL connections',
      hint: 'Turn off "Use SSL": this server does not offer TLS.',
    };
  }
  if (TLS_ERROR.test(code) || /SSL|TLS|certificate/i.test(text)) {
    return {
      errorCode: 'TLS_FAILED',
      message: `The TLS handshake failed: ${text}`,
      hint: 'Check "Use SSL" and the server certificate: the encrypted connection could not be set up.',
    };
  }
  if (code === '53300') {
    return {
      errorCode: 'DRIVER_ERROR',
      message: 'The server has too many connections',
      hint: 'Try again later, or ask the database admin to raise max_connections.',
    };
  }
  if (code === '57P03') {
    return {
      errorCode: 'DRIVER_ERROR',
      message: 'The server is starting up or shutting down',
      hint: 'Try again in a minute: the server is not accepting connections yet.',
    };
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `PostgreSQL error${code ? ` ${code}` : ''}: ${text}`,
    hint: 'Check the connection settings; the server’s message above says what it refused.',
  };
}
