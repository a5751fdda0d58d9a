import { DIALECTS, type DbType } from '../dialects';
import { ConnectionStringError, type ParsedConnection } from './types';

export { ConnectionStringError, type ParsedConnection } from './types';

/** Never throws anything but ConnectionStringError, whatever the input. */
export function parseConnectionString(dbType: DbType, text: string): ParsedConnection {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new ConnectionStringError(null, 'The connection string contains control characters');
  try {
    return DIALECTS[dbType].connectionString.parse(text);
  } catch (error) {
    if (error instanceof ConnectionStringError) throw error;
    throw new ConnectionStringError(null, 'The connection string could not be read');
  }
}

export function formatConnectionString(dbType: DbType, fields: ParsedConnection): string {
  return DIALECTS[dbType].connectionString.format(fields);
}
