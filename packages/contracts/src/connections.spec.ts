import { describe, expect, it } from 'vitest';
import {
  createConnectionSchema,
  connectionListQuerySchema,
  hostSchema,
  testConnectionSchema,
  updateConnectionSchema,
} from './connections';

const valid = { name: 'Prod', dbType: 'postgresql', host: 'db.example.com', port: 5432 };
const paths = (input: unknown) => {
  const result = createConnectionSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues
    .flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [i.path.join('.')]))
    .sort();
};

describe('createConnectionSchema', () => {
  it('accepts the spec’s example', () => {
    const body = {
      name: 'Development MySQL',
      description: 'Local',
      dbType: 'mysql',
      host: 'localhost',
      port: 3306,
      databaseName: 'dev_db',
      username: 'root',
      password: 'secret123',
      useSsl: false,
      options: { schema: 'app' },
    };
    expect(createConnectionSchema.parse(body)).toMatchObject(body);
  });

  it.each([
    ['name', { name: '' }],
    ['name', { name: 'x'.repeat(101) }],
    ['description', { description: 'x'.repeat(501) }],
    ['dbType', { dbType: 'mongodb' }],
    ['host', { host: '' }],
    ['host', { host: 'x'.repeat(256) }],
    ['port', { port: 0 }],
    ['port', { port: 65536 }],
    ['port', { port: 5432.5 }],
    ['port', { port: '5432' }],
    ['databaseName', { databaseName: 'x'.repeat(256) }],
    ['username', { username: 'x'.repeat(256) }],
    ['password', { password: 'x'.repeat(1001) }],
    ['useSsl', { useSsl: 'yes' }],
    ['options', { options: 'schema=public' }],
    ['id', { id: '6f1c1f7e-1111-4222-8333-944444444444' }],
    ['hasCredential', { hasCredential: true }],
    ['lastTestedAt', { lastTestedAt: '2026-01-01T00:00:00Z' }],
  ])('rejects an invalid %s', (path, change) => {
    expect(paths({ ...valid, ...change })).toEqual([path]);
  });

  it.each([
    [{ name: 'x'.repeat(100) }],
    [{ description: 'x'.repeat(500) }],
    [{ host: 'h'.repeat(63) }],
    [{ port: 1 }],
    [{ port: 65535 }],
    [{ databaseName: 'x'.repeat(255), username: 'x'.repeat(255) }],
    [{ password: 'x'.repeat(1000) }],
  ])('accepts the boundary value %o', (change) => {
    expect(paths({ ...valid, ...change })).toEqual([]);
  });

  it('names every invalid field at once', () => {
    expect(paths({ name: '', dbType: 'databricks', host: 'h', port: 70000 })).toEqual([
      'name',
      'options.httpPath',
      'port',
    ]);
  });

  it('takes certificate verification and a pasted CA for PostgreSQL and MySQL, never a file', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    for (const dbType of ['postgresql', 'mysql']) {
      expect(
        paths({
          ...valid,
          dbType,
          useSsl: true,
          options: { verifyServerCertificate: true, caCertificate: pem },
        }),
      ).toEqual([]);
      expect(
        paths({ ...valid, dbType, options: { caCertificate: '/etc/ssl/certs/ca.pem' } }),
      ).toEqual(['options.caCertificate']);
      expect(paths({ ...valid, dbType, options: { verifyServerCertificate: 'yes' } })).toEqual([
        'options.verifyServerCertificate',
      ]);
    }
  });

  it('applies the type-specific options', () => {
    expect(paths({ ...valid, dbType: 'databricks', port: 443 })).toEqual(['options.httpPath']);
    expect(
      paths({
        ...valid,
        dbType: 'databricks',
        port: 443,
        options: { httpPath: '/sql/1.0/warehouses/abc' },
      }),
    ).toEqual([]);
    expect(paths({ ...valid, dbType: 'snowflake', port: 443 })).toEqual(['options.account']);
    expect(
      paths({
        ...valid,
        dbType: 'sqlserver',
        port: 1433,
        options: { instanceName: 'SQLEXPRESS', encrypt: true, trustServerCertificate: false },
      }),
    ).toEqual([]);
    expect(
      paths({ ...valid, dbType: 'sqlserver', port: 1433, options: { encrypt: 'yes' } }),
    ).toEqual(['options.encrypt']);
    expect(paths({ ...valid, options: { sslrootcert: '/etc/passwd' } })).toEqual([
      'options.sslrootcert',
    ]);
  });

  it('wants a file path and no host or port for SQLite', () => {
    expect(paths({ name: 'Local', dbType: 'sqlite', databaseName: 'app.db' })).toEqual([]);
    expect(paths({ name: 'Local', dbType: 'sqlite', host: 'h', port: 1 })).toEqual([
      'databaseName',
      'host',
      'port',
    ]);
  });
});

describe('hostSchema', () => {
  it.each([
    'db.example.com',
    'localhost',
    '10.0.0.5',
    'my_db',
    '::1',
    '[2001:db8::1]',
    'xy12345.us-east-1.snowflakecomputing.com',
  ])('accepts %s', (host) => {
    expect(hostSchema.safeParse(host).success).toBe(true);
  });
  it.each(['2001:db8::1', '::ffff:192.0.2.1', 'fe80::1'])('accepts the IPv6 address %s', (host) => {
    expect(hostSchema.safeParse(host).success).toBe(true);
  });
  it.each([
    'postgres://db',
    'db:5432',
    'abcd:5432',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:999.1.1.1',
    'db/path',
    'db host',
    'user@db',
    '-oProxyCommand',
    'db\u0000',
    'a\nb',
  ])('refuses %s', (host) => {
    expect(hostSchema.safeParse(host).success).toBe(false);
  });
});

describe('updateConnectionSchema', () => {
  it('accepts a partial body and refuses an empty one or server-owned fields', () => {
    expect(updateConnectionSchema.safeParse({ port: 5433 }).success).toBe(true);
    expect(updateConnectionSchema.safeParse({ password: '' }).success).toBe(true);
    expect(updateConnectionSchema.safeParse({}).success).toBe(false);
    expect(updateConnectionSchema.safeParse({ version: 3 }).success).toBe(false);
  });
});

describe('testConnectionSchema', () => {
  it('does not need a name', () => {
    expect(
      testConnectionSchema.safeParse({ dbType: 'postgresql', host: 'h', port: 5432 }).success,
    ).toBe(true);
  });
});

describe('connectionListQuerySchema', () => {
  it('applies the defaults and caps pageSize at 100', () => {
    expect(connectionListQuerySchema.parse({})).toEqual({
      page: 1,
      pageSize: 20,
      sortBy: 'createdAt',
      sortOrder: 'desc',
    });
    expect(connectionListQuerySchema.safeParse({ pageSize: '101' }).success).toBe(false);
    expect(connectionListQuerySchema.safeParse({ sortBy: 'password' }).success).toBe(false);
    expect(connectionListQuerySchema.safeParse({ dbType: 'mongodb' }).success).toBe(false);
  });
});

describe('connectionString in a body', () => {
  it('expands into the guided fields, explicit fields winning, in connection_string mode', () => {
    const body = createConnectionSchema.parse({
      name: 'From a string',
      dbType: 'postgresql',
      connectionString: 'postgresql://ann:pw@db.example.com:6543/app?sslmode=require',
      databaseName: 'other',
    });
    expect(body).toEqual({
      name: 'From a string',
      dbType: 'postgresql',
      host: 'db.example.com',
      port: 6543,
      databaseName: 'other',
      username: 'ann',
      password: 'pw',
      useSsl: true,
      options: {},
      connectionMode: 'connection_string',
    });
  });

  it('reports a refused parameter on connectionString, naming it', () => {
    const result = createConnectionSchema.safeParse({
      name: 'x',
      dbType: 'postgresql',
      connectionString: 'postgresql://a@db/app?sslrootcert=/etc/passwd',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'connectionString',
        'The parameter "sslrootcert" is not accepted: it makes the client read local files or change server settings',
      ],
    ]);
  });
});

describe('Snowflake key-pair secrets', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv…\n-----END PRIVATE KEY-----\n';
  const snowflake = {
    name: 'sf',
    dbType: 'snowflake',
    host: 'xy.snowflakecomputing.com',
    port: 443,
    options: { account: 'xy', authenticator: 'key_pair' },
  };

  it('accepts a PEM private key with a passphrase for Snowflake', () => {
    expect(paths({ ...snowflake, privateKey: pem, privateKeyPassphrase: 'pp' })).toEqual([]);
  });

  it('refuses a key that is not PEM, and a key for another type', () => {
    expect(paths({ ...snowflake, privateKey: 'not a key' })).toEqual(['privateKey']);
    expect(paths({ ...valid, privateKey: pem })).toEqual(['privateKey']);
    expect(paths({ ...snowflake, options: { account: 'xy', authenticator: 'oauth' } })).toEqual([
      'options.authenticator',
    ]);
  });
});

describe('a host read from a connection string (security finding 12)', () => {
  it.each([
    'postgresql://u@db1,db2:5432/x',
    'postgresql://u@bad%20host:5432/x',
    'postgresql://u@host%2Fpath:5432/x',
    'postgresql://u@a%40b:5432/x',
  ])('refuses %s, naming connectionString', (connectionString) => {
    const parsed = createConnectionSchema.safeParse({
      name: 'x',
      dbType: 'postgresql',
      connectionString,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('connectionString');
  });
});
