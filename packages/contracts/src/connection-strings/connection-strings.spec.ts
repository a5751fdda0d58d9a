import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_STRING_EXAMPLES, DB_TYPES, type DbType } from '../dialects';
import {
  ConnectionStringError,
  dbTypeOfString,
  formatConnectionString,
  parseConnectionString,
} from './index';

const refusal = (dbType: DbType, text: string) => {
  try {
    parseConnectionString(dbType, text);
  } catch (error) {
    if (error instanceof ConnectionStringError) return error.parameter;
    throw error;
  }
  throw new Error(`${text} was accepted`);
};

describe('parseConnectionString', () => {
  it.each<[DbType, string, object]>([
    [
      'postgresql',
      'postgresql://ann:p%40ss%3Aw0rd@db.example.com:6543/app?sslmode=require',
      {
        host: 'db.example.com',
        port: 6543,
        databaseName: 'app',
        username: 'ann',
        password: 'p@ss:w0rd',
        useSsl: true,
      },
    ],
    [
      'postgresql',
      'postgres://db.example.com/app',
      { host: 'db.example.com', port: null, databaseName: 'app', username: null },
    ],
    ['postgresql', 'postgresql://ann@[2001:db8::1]:5432/app', { host: '2001:db8::1', port: 5432 }],
    [
      'postgresql',
      'postgresql://db.example.com/app?sslmode=verify-full',
      { useSsl: true, options: { verifyServerCertificate: true } },
    ],
    [
      'mysql',
      'mysql://db.example.com/shop?ssl-mode=VERIFY_IDENTITY',
      { useSsl: true, options: { verifyServerCertificate: true } },
    ],
    [
      'postgresql',
      "host=db.example.com port=5433 dbname=app user=ann password='it\\'s \\'quoted\\'' sslmode=disable",
      {
        host: 'db.example.com',
        port: 5433,
        databaseName: 'app',
        username: 'ann',
        password: "it's 'quoted'",
        useSsl: false,
      },
    ],
    [
      'mysql',
      'mysql://root:secret@localhost:3306/dev_db?ssl=true',
      {
        host: 'localhost',
        port: 3306,
        databaseName: 'dev_db',
        username: 'root',
        password: 'secret',
        useSsl: true,
      },
    ],
    [
      'sqlserver',
      'Server=tcp:sql.example.com,1444;Initial Catalog=Sales;User ID=sa;Password="a;b""c";Encrypt=True;TrustServerCertificate=False',
      {
        host: 'sql.example.com',
        port: 1444,
        databaseName: 'Sales',
        username: 'sa',
        password: 'a;b"c',
        useSsl: true,
        options: { encrypt: true, trustServerCertificate: false },
      },
    ],
    [
      'sqlserver',
      'Data Source=sql.example.com\\SQLEXPRESS;Database=app;UID=ann;PWD=x',
      {
        host: 'sql.example.com',
        databaseName: 'app',
        username: 'ann',
        password: 'x',
        options: { instanceName: 'SQLEXPRESS' },
      },
    ],
    [
      'sqlserver',
      'jdbc:sqlserver://sql.example.com:1433;databaseName=app;user=ann;password=x;encrypt=true;trustServerCertificate=true',
      {
        host: 'sql.example.com',
        port: 1433,
        databaseName: 'app',
        username: 'ann',
        password: 'x',
        options: { encrypt: true, trustServerCertificate: true },
      },
    ],
    [
      'oracle',
      'scott/tiger@//ora.example.com:1522/ORCLPDB1',
      {
        host: 'ora.example.com',
        port: 1522,
        username: 'scott',
        password: 'tiger',
        options: { serviceName: 'ORCLPDB1' },
      },
    ],
    [
      'oracle',
      '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=ora.example.com)(PORT=2484))(CONNECT_DATA=(SERVICE_NAME=sales.example.com)))',
      {
        host: 'ora.example.com',
        port: 2484,
        useSsl: true,
        options: { serviceName: 'sales.example.com' },
      },
    ],
    [
      'snowflake',
      'snowflake://ann:pw@xy12345.us-east-1/ANALYTICS/PUBLIC?warehouse=COMPUTE_WH&role=ANALYST',
      {
        host: 'xy12345.us-east-1.snowflakecomputing.com',
        port: 443,
        databaseName: 'ANALYTICS',
        username: 'ann',
        password: 'pw',
        options: {
          account: 'xy12345.us-east-1',
          schema: 'PUBLIC',
          warehouse: 'COMPUTE_WH',
          role: 'ANALYST',
        },
      },
    ],
    [
      'databricks',
      'databricks://token:dapi123@adb-1.azuredatabricks.net:443?http_path=/sql/1.0/warehouses/abc&catalog=main',
      {
        host: 'adb-1.azuredatabricks.net',
        port: 443,
        username: 'token',
        password: 'dapi123',
        options: { httpPath: '/sql/1.0/warehouses/abc', catalog: 'main' },
      },
    ],
    [
      'sqlite',
      'sqlite:///data/analytics.db',
      { databaseName: 'data/analytics.db', host: null, port: null },
    ],
    ['sqlite', 'sqlite:analytics.db', { databaseName: 'analytics.db' }],
  ])('reads a %s string into the guided fields: %s', (dbType, text, expected) => {
    expect(parseConnectionString(dbType, text)).toMatchObject(expected);
  });

  it.each<[DbType, string, string]>([
    ['postgresql', 'postgresql://ann@db/app?sslrootcert=/etc/passwd', 'sslrootcert'],
    ['postgresql', 'postgresql://ann@db/app?sslkey=/root/.ssh/id_rsa', 'sslkey'],
    ['postgresql', 'postgresql://ann@db/app?options=-c%20log_statement%3Dall', 'options'],
    ['postgresql', 'host=db passfile=/root/.pgpass', 'passfile'],
    ['postgresql', 'postgresql://ann@db/app?frobnicate=1', 'frobnicate'],
    ['mysql', 'mysql://root@db/app?localInfile=true', 'localInfile'],
    ['mysql', 'mysql://root@db/app?allowLoadLocalInfile=true', 'allowLoadLocalInfile'],
    ['mysql', 'mysql://root@db/app?sslCa=/etc/ssl/ca.pem', 'sslCa'],
    ['sqlserver', 'Server=db;AttachDbFilename=C:\\data\\x.mdf', 'AttachDbFilename'],
    [
      'oracle',
      '(DESCRIPTION=(ADDRESS=(HOST=db))(SECURITY=(MY_WALLET_DIRECTORY=/tmp)))',
      'WALLET_LOCATION',
    ],
  ])('refuses a %s string with %s, naming %s', (dbType, text, parameter) => {
    expect(refusal(dbType, text)).toBe(parameter);
  });

  it('refuses a port out of range and control characters', () => {
    expect(refusal('postgresql', 'host=db port=70000')).toBe('port');
    expect(refusal('mysql', 'mysql://a@b/c\u0000')).toBeNull();
  });
});

describe('formatConnectionString', () => {
  it.each(DB_TYPES.map((t) => [t]))(
    'round-trips the %s example through format and parse',
    (dbType) => {
      const fields = parseConnectionString(
        dbType,
        CONNECTION_STRING_EXAMPLES[dbType].replace('…', 'secret'),
      );
      const again = parseConnectionString(dbType, formatConnectionString(dbType, fields));
      expect(again).toMatchObject(fields);
    },
  );

  it.each([
    ['postgresql', 'postgresql://db.example.com/app?sslmode=verify-full'],
    ['mysql', 'mysql://db.example.com/shop?ssl-mode=VERIFY_IDENTITY'],
  ] as const)('round-trips certificate verification for %s', (dbType, text) => {
    const fields = parseConnectionString(dbType, text);
    expect(formatConnectionString(dbType, fields)).toBe(text);
  });

  it('round-trips passwords with reserved characters', () => {
    for (const dbType of ['postgresql', 'mysql', 'sqlserver', 'snowflake', 'databricks'] as const) {
      const fields = {
        ...parseConnectionString(dbType, CONNECTION_STRING_EXAMPLES[dbType].replace('…', 'x')),
        password: `p@ss:w/o;r"d'{}%`,
      };
      expect(parseConnectionString(dbType, formatConnectionString(dbType, fields)).password).toBe(
        fields.password,
      );
    }
  });
});

describe('parsers against any input', () => {
  it.each(DB_TYPES.map((t) => [t]))(
    'never throw anything but ConnectionStringError for %s',
    (dbType) => {
      const prefixes = [
        '',
        'postgresql://',
        'mysql://',
        'jdbc:sqlserver://',
        'Server=',
        '(DESCRIPTION=',
        'snowflake://',
        'databricks://',
        'sqlite:',
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...prefixes),
          fc.string({ unit: 'binary', maxLength: 200 }),
          (prefix, rest) => {
            try {
              parseConnectionString(dbType, prefix + rest);
            } catch (error) {
              if (!(error instanceof ConnectionStringError)) throw error;
            }
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});

describe('dbTypeOfString', () => {
  it('names the type a scheme says, and nothing for a string without one', () => {
    expect(dbTypeOfString('mysql://ann@db/shop')).toBe('mysql');
    expect(dbTypeOfString('  MariaDB://db')).toBe('mysql');
    expect(dbTypeOfString('postgres://db/app')).toBe('postgresql');
    expect(dbTypeOfString('jdbc:sqlserver://db:1433')).toBe('sqlserver');
    expect(dbTypeOfString('jdbc:oracle:thin:@db:1521/ORCL')).toBe('oracle');
    expect(dbTypeOfString('snowflake://acct')).toBe('snowflake');
    expect(dbTypeOfString('db.example.com:1521/ORCLPDB1')).toBeNull();
    expect(dbTypeOfString('Server=db;Database=shop')).toBeNull();
  });
});
