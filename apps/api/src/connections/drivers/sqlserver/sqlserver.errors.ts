import type { TestFailure } from '../core/types';
import { networkFailure, timeoutFailure } from '../core/network-failures';
import { errorCodeOf, errorMessageOf } from '../core/error-text';

export interface SqlServerErrorContext {
  host: string;
  port: number;
  databaseName: string | null;
  username: string | null;
  instanceName: string | null;
}

/** What the server sent besides tedious's error: login error numbers, a refused downgrade. */
export interface SqlServerSignals {
  loginErrors: number[];
  downgradeRefused: boolean;
}

const TLS_TEXT = /certificate|self[- ]signed|SSL|TLS|handshake/i;

/** SQL Server error numbers and tedious's own codes → Sluice's codes, with a hint naming the field. */
export function classifySqlServerError(
  error: unknown,
  ctx: SqlServerErrorContext,
  signals: SqlServerSignals,
): TestFailure {
  const code = errorCodeOf(error) ?? '';
  const text = errorMessageOf(error);
  const user = ctx.username ?? '(none)';
  const database = ctx.databaseName ?? 'master';
  if (signals.downgradeRefused) {
    return {
      errorCode: 'TLS_FAILED',
      message: 'The server does not support encryption, and Sluice asked for it',
      hint: 'Turn off "Encrypt Connection" only if this server is on a trusted network; otherwise ask the database admin to install a certificate.',
    };
  }
  if (code === 'EENCRYPT') {
    return {
      errorCode: 'TLS_REQUIRED',
      message: 'The server only accepts encrypted connections',
      hint: 'Turn on "Encrypt Connection": the server refuses unencrypted connections.',
    };
  }
  if (code === 'EINSTLOOKUP') {
    return {
      errorCode: 'CONNECTION_REFUSED',
      message: `The instance "${ctx.instanceName}" was not found on ${ctx.host}`,
      hint: `Check the instance name, or give the port instead: the SQL Server Browser on ${ctx.host} did not answer for "${ctx.instanceName}".`,
    };
  }
  // The most telling login error first: 4060 comes before the 18456 that ends every failed login.
  const number = [4060, 916, 40615, 40532, 18470, 18486, 18487, 18488, 18452, 18456].find((n) =>
    signals.loginErrors.includes(n),
  );
  switch (number) {
    case 4060:
      return {
        errorCode: 'DATABASE_NOT_FOUND',
        message: `The database "${database}" does not exist or the login may not open it`,
        hint: `Check the database name: "${database}" cannot be opened on ${ctx.host} by "${user}".`,
      };
    case 916:
      return {
        errorCode: 'PERMISSION_DENIED',
        message: `User "${user}" may not use the database "${database}"`,
        hint: `Ask the database admin to create a user for "${user}" in "${database}".`,
      };
    case 40615:
    case 40532:
      return {
        errorCode: 'PERMISSION_DENIED',
        message: 'The server’s firewall does not let the Sluice server connect',
        hint: 'Ask the database admin to add the Sluice server’s address to the server’s firewall rules.',
      };
    case 18470:
    case 18486:
      return {
        errorCode: 'AUTH_FAILED',
        message: `The login "${user}" is disabled or locked out`,
        hint: 'Ask the database admin to enable or unlock the login, or use another username.',
      };
    case 18487:
    case 18488:
      return {
        errorCode: 'AUTH_FAILED',
        message: `The password of "${user}" has expired or must be changed`,
        hint: 'Change the password on the server, then update the password here.',
      };
    case 18452:
      return {
        errorCode: 'AUTH_FAILED',
        message: 'The server only accepts Windows logins',
        hint: 'Ask the database admin to enable SQL Server authentication (mixed mode) for this login.',
      };
    case 18456:
      return {
        errorCode: 'AUTH_FAILED',
        message: `Login failed for user "${user}"`,
        hint: 'Check the username and password: the server rejected them.',
      };
    default:
      break;
  }
  if (code === 'ESOCKET' && TLS_TEXT.test(text)) {
    return {
      errorCode: 'TLS_FAILED',
      message: `The TLS handshake failed: ${text}`,
      hint: 'Check the server certificate, or turn on "Trust Server Certificate" for a self-signed one.',
    };
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `SQL Server error${code ? ` ${code}` : ''}: ${text}`,
    hint: 'Check the connection settings; the server’s message above says what it refused.',
  };
}

/** A network failure (tedious wraps the socket's error), else the SQL Server error table. */
export function classifySqlServerFailure(
  error: unknown,
  ctx: SqlServerErrorContext,
  wire: SqlServerSignals,
  deadlineMs: number,
): TestFailure {
  if ((error as { code?: unknown } | null)?.code === 'ETIMEOUT' && !wire.downgradeRefused) {
    return timeoutFailure(ctx.host, ctx.port, deadlineMs);
  }
  if (wire.downgradeRefused) return classifySqlServerError(error, ctx, wire);
  return (
    networkFailure(error, ctx.host, ctx.port, deadlineMs) ??
    classifySqlServerError(error, ctx, wire)
  );
}
