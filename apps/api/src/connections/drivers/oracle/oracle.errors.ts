import type { TestFailure } from '../core/types';
import type { OracleContext } from './oracle.session';
import { errorMessageOf } from '../core/error-text';

/** ORA- and NJS- codes (Thin mode) → Sluice's codes, with a hint naming the field to fix. */
export function classifyOracleError(error: unknown, ctx: OracleContext): TestFailure {
  const text = errorMessageOf(error);
  const code = /\b(ORA|NJS)-\d{3,5}/.exec(text)?.[0] ?? '';
  const refusedWith = /Cause: ORA-(\d+)/.exec(text)?.[1];
  const user = ctx.username ?? '(none)';
  const where = `${ctx.host}:${ctx.port}`;
  if (code === 'NJS-518' || refusedWith === '12514') {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The service "${ctx.serviceName}" is not registered with the listener at ${where}`,
      hint: `Check the service name: the listener at ${where} does not know "${ctx.serviceName}".`,
    };
  }
  if (code === 'NJS-519' || refusedWith === '12505') {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The SID is not registered with the listener at ${where}`,
      hint: 'Check the database name: give the service name rather than the SID.',
    };
  }
  if (refusedWith === '12516' || refusedWith === '12519' || refusedWith === '12520') {
    return {
      errorCode: 'DRIVER_ERROR',
      message: `The listener at ${where} has no free handler for this service (ORA-${refusedWith})`,
      hint: 'Try again later, or ask the database admin to raise the processes limit.',
    };
  }
  if (code === 'NJS-511') {
    return {
      errorCode: 'CONNECTION_REFUSED',
      message: `The listener at ${where} refused the connection${refusedWith ? ` (ORA-${refusedWith})` : ''}`,
      hint: `Check the host, port and service name: the listener at ${where} refused them.`,
    };
  }
  switch (code) {
    case 'ORA-01017':
      return {
        errorCode: 'AUTH_FAILED',
        message: `Invalid username or password for "${user}"`,
        hint: 'Check the username and password: the database rejected them.',
      };
    case 'ORA-28000':
      return {
        errorCode: 'AUTH_FAILED',
        message: `The account "${user}" is locked`,
        hint: 'Ask the database admin to unlock the account (ALTER USER … ACCOUNT UNLOCK).',
      };
    case 'ORA-28001':
      return {
        errorCode: 'AUTH_FAILED',
        message: `The password of "${user}" has expired`,
        hint: 'Change the password on the server, then update the password here.',
      };
    case 'ORA-01045':
      return {
        errorCode: 'PERMISSION_DENIED',
        message: `"${user}" lacks the CREATE SESSION privilege`,
        hint: `Ask the database admin to GRANT CREATE SESSION TO ${user}.`,
      };
    case 'NJS-116':
    case 'NJS-138':
      return {
        errorCode: 'DRIVER_ERROR',
        message: 'This database or its password verifier is too old for Sluice’s Oracle driver',
        hint: 'Ask the database admin to reset the password with a 12c verifier; Oracle 12.1 or later is needed.',
      };
    default:
      break;
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `Oracle error${code ? ` ${code}` : ''}: ${text.split('\n')[0]}`,
    hint: 'Check the connection settings; the server’s message above says what it refused.',
  };
}
