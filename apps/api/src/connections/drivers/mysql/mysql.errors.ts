import type { TestFailure } from '../core/types';
import { cleartextFailure } from '../core/cleartext';
import { errorCodeOf, errorMessageOf } from '../core/error-text';

export interface MysqlErrorContext {
  host: string;
  databaseName: string | null;
  username: string | null;
}

/** MySQL / MariaDB error numbers and mysql2's own codes → Sluice's codes, with a hint naming the field. */
export function classifyMysqlError(error: unknown, ctx: MysqlErrorContext): TestFailure {
  const errno = (error as { errno?: unknown } | null)?.errno;
  const code = errorCodeOf(error) ?? '';
  const text = errorMessageOf(error);
  const user = ctx.username ?? '(none)';
  if (code === 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED') return cleartextFailure('mysql');
  // mysql2 refuses a LOCAL INFILE request (no stream factory is given) with this text.
  if (/LOCAL INFILE command server wants to read/.test(text)) {
    return {
      errorCode: 'BLOCKED_BY_POLICY',
      message: 'The server asked Sluice for a file of this machine; Sluice never sends files',
      hint: `Check the host and port: the server at ${ctx.host} does not behave like a database to trust.`,
    };
  }
  // MariaDB refuses a plain connection under require_secure_transport with errno 1045 or 3159.
  if (errno === 3159 || /insecure transport|require_secure_transport/i.test(text)) {
    return {
      errorCode: 'TLS_REQUIRED',
      message: 'The server only accepts encrypted connections',
      hint: 'Turn on "Use SSL": the server refuses unencrypted connections.',
    };
  }
  switch (errno) {
    case 1045:
    case 1698:
      return {
        errorCode: 'AUTH_FAILED',
        message: `Access denied for user "${user}"`,
        hint: 'Check the username and password: the server rejected them.',
      };
    case 1049:
      return {
        errorCode: 'DATABASE_NOT_FOUND',
        message: `The database "${ctx.databaseName}" does not exist`,
        hint: `Check the database name: "${ctx.databaseName}" does not exist on ${ctx.host}.`,
      };
    case 1044:
      return {
        errorCode: 'PERMISSION_DENIED',
        message: `User "${user}" may not use the database "${ctx.databaseName}"`,
        hint: `Ask the database admin to grant access on "${ctx.databaseName}" to "${user}".`,
      };
    case 1130:
      return {
        errorCode: 'PERMISSION_DENIED',
        message: 'The server does not let this host connect',
        hint: `Ask the database admin to allow "${user}" to connect from the Sluice server's address.`,
      };
    case 1040:
      return {
        errorCode: 'DRIVER_ERROR',
        message: 'The server has too many connections',
        hint: 'Try again later, or ask the database admin to raise max_connections.',
      };
    case 1251:
      return {
        errorCode: 'DRIVER_ERROR',
        message: 'The server wants an authentication method Sluice does not support',
        hint: 'Ask the database admin to use caching_sha2_password or mysql_native_password for this user.',
      };
    default:
      break;
  }
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT') {
    return {
      errorCode: 'TLS_FAILED',
      message: 'The server does not support SSL connections',
      hint: 'Turn off "Use SSL": this server does not offer TLS.',
    };
  }
  if (/SSL|TLS|certificate/i.test(`${code} ${text}`)) {
    return {
      errorCode: 'TLS_FAILED',
      message: `The TLS handshake failed: ${text}`,
      hint: 'Check "Use SSL" and the server certificate: the encrypted connection could not be set up.',
    };
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `MySQL error${typeof errno === 'number' ? ` ${errno}` : code ? ` ${code}` : ''}: ${text}`,
    hint: 'Check the connection settings; the server’s message above says what it refused.',
  };
}
