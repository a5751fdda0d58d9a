import type { TestFailure } from '../core/types';
import { networkFailure, timeoutFailure } from '../core/network-failures';
import type { SnowflakeContext } from './snowflake.session';
import { errorCodeOf, errorMessageOf } from '../core/error-text';

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { response?: { statusCode?: unknown } } | null)?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

/** Snowflake's login error codes, the SDK's own and HTTP statuses → Sluice's codes, with a hint. */
export function classifySnowflakeError(
  error: unknown,
  ctx: SnowflakeContext,
  deadlineMs: number,
): TestFailure {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'number' ? String(raw) : (errorCodeOf(error) ?? '');
  const text = errorMessageOf(error);
  const user = ctx.username ?? '(none)';
  switch (code) {
    case '390100':
      return {
        errorCode: 'AUTH_FAILED',
        message: `Incorrect username or password for "${user}"`,
        hint: 'Check the username and password: Snowflake rejected them.',
      };
    case '390102':
    case '390103':
      return {
        errorCode: 'AUTH_FAILED',
        message: `The user "${user}" is locked`,
        hint: 'Ask the Snowflake admin to unlock the user, or wait for the temporary lock to end.',
      };
    case '390144':
      return {
        errorCode: 'AUTH_FAILED',
        message: `The key-pair login of "${user}" was rejected (JWT token is invalid)`,
        hint: 'Check the private key: its public key must be set on the user (ALTER USER … SET RSA_PUBLIC_KEY).',
      };
    case '390189':
      return {
        errorCode: 'PERMISSION_DENIED',
        message: `The role "${ctx.role}" does not exist or is not granted to "${user}"`,
        hint: 'Check the role: leave it empty to use the user’s default role.',
      };
    case '390422':
    case '390432':
      return {
        errorCode: 'PERMISSION_DENIED',
        message: 'A Snowflake network policy does not let the Sluice server connect',
        hint: 'Ask the Snowflake admin to allow the Sluice server’s address in the network policy.',
      };
    case '390201':
      // "The requested warehouse / database does not exist or not authorized."
      return /warehouse/i.test(text) ? missingWarehouse(ctx) : missingDatabase(ctx);
    default:
      break;
  }
  if (/bad decrypt|passphrase|private key/i.test(text)) {
    return {
      errorCode: 'AUTH_FAILED',
      message: 'The private key could not be read',
      hint: 'Check the private key and its passphrase.',
    };
  }
  const status = statusOf(error);
  if (status === 403 || status === 404) {
    return {
      errorCode: 'AUTH_FAILED',
      message: `Snowflake answered HTTP ${status} to the login`,
      hint: `Check the account: "${ctx.account}" must be the account identifier of ${ctx.host}.`,
    };
  }
  if (code === '401001') {
    return (
      networkFailure(error, ctx.host, ctx.port, deadlineMs) ??
      timeoutFailure(ctx.host, ctx.port, deadlineMs)
    );
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `Snowflake error${code ? ` ${code}` : ''}: ${text}`,
    hint: 'Check the connection settings; Snowflake’s message above says what it refused.',
  };
}

/** Snowflake logs in without a database or warehouse it cannot find: Sluice says so. */
export function missingDatabase(ctx: SnowflakeContext): TestFailure {
  return {
    errorCode: 'DATABASE_NOT_FOUND',
    message: `The database "${ctx.databaseName}" does not exist or the role may not use it`,
    hint: `Check the database name: "${ctx.databaseName}" is not visible to the role ${ctx.role ? `"${ctx.role}"` : 'of the user'}.`,
  };
}

export function missingWarehouse(ctx: SnowflakeContext): TestFailure {
  return {
    errorCode: 'PERMISSION_DENIED',
    message: `The warehouse "${ctx.warehouse}" does not exist or the role may not use it`,
    hint: `Check the warehouse: "${ctx.warehouse}" is not usable by the role ${ctx.role ? `"${ctx.role}"` : 'of the user'}.`,
  };
}
