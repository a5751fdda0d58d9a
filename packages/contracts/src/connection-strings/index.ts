import type { DbType } from '../connections';
import { mysql } from './mysql';
import { oracle } from './oracle';
import { postgresql } from './postgresql';
import { sqlserver } from './sqlserver';
import { ConnectionStringError, type Dialect, type ParsedConnection } from './types';
import { databricks, snowflake, sqlite } from './warehouses';

export { ConnectionStringError, type ParsedConnection } from './types';

/** One parser per dialect, by type: a lookup, not a switch. */
export const CONNECTION_STRING_DIALECTS: Record<DbType, Dialect> = {
  postgresql,
  mysql,
  sqlserver,
  oracle,
  snowflake,
  databricks,
  sqlite,
};

export const CONNECTION_STRING_EXAMPLES: Record<DbType, string> = {
  postgresql: 'postgresql://user:password@db.example.com:5432/app?sslmode=require',
  mysql: 'mysql://user:password@db.example.com:3306/shop',
  sqlserver: 'Server=tcp:db.example.com,1433;Database=app;User Id=user;Password=…;Encrypt=True',
  oracle: 'db.example.com:1521/ORCLPDB1',
  snowflake: 'snowflake://user:password@xy12345.us-east-1/ANALYTICS/PUBLIC?warehouse=COMPUTE_WH',
  databricks:
    'databricks://token:dapi…@adb-123.azuredatabricks.net:443?http_path=/sql/1.0/warehouses/abc',
  sqlite: 'sqlite:analytics.db',
};

/** Never throws anything but ConnectionStringError, whatever the input. */
export function parseConnectionString(dbType: DbType, text: string): ParsedConnection {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new ConnectionStringError(null, 'The connection string contains control characters');
  try {
    return CONNECTION_STRING_DIALECTS[dbType].parse(text);
  } catch (error) {
    if (error instanceof ConnectionStringError) throw error;
    throw new ConnectionStringError(null, 'The connection string could not be read');
  }
}

export function formatConnectionString(dbType: DbType, fields: ParsedConnection): string {
  return CONNECTION_STRING_DIALECTS[dbType].format(fields);
}
