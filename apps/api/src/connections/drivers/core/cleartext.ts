import { DB_TYPE_LABELS, type DbType } from '@sluice/contracts';
import type { ConnectionParams, TestFailure } from './types';

/**
 * The server asked for the password in clear over a connection that is not encrypted: Sluice
 * does not send it, unless the connection's `allowCleartextPassword` option says so.
 */
export class CleartextPasswordRefused extends Error {
  constructor() {
    super('The server asked for the password in clear over an unencrypted connection');
  }
}

/** Whether a clear-text password may be sent: over TLS, or where the connection allows it. */
export function mayAnswerCleartext(params: ConnectionParams): boolean {
  return params.useSsl || params.options['allowCleartextPassword'] === true;
}

export function cleartextFailure(dbType: DbType): TestFailure {
  return {
    errorCode: 'INSECURE_AUTH',
    message:
      'The server asked for the password in clear text over an unencrypted connection; Sluice did not send it',
    hint: `Turn on Use SSL so the password travels encrypted, or, if this ${DB_TYPE_LABELS[dbType]} server must use clear-text passwords on a trusted network, set the connection option allowCleartextPassword.`,
  };
}
