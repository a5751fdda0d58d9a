import { describe, expect, it } from 'vitest';
import { classifyMysqlError } from './mysql.errors';
import { classifyPostgresError } from './postgresql.errors';
import { privilegesFromGrants, versionLabel } from './mysql.driver';
import { networkFailure } from './network';

const err = (fields: Record<string, unknown>, message = 'boom') =>
  Object.assign(new Error(message), fields);

describe('classifyPostgresError', () => {
  const ctx = {
    host: 'db.example.com',
    port: 5432,
    databaseName: 'app',
    username: 'ann',
    hasPassword: true,
  };
  it.each([
    [{ code: '28P01' }, 'password authentication failed for user "ann"', 'AUTH_FAILED'],
    [
      { code: '28000' },
      'no pg_hba.conf entry for host "10.0.0.1", user "ann", database "app", no encryption',
      'TLS_REQUIRED',
    ],
    [{ code: '28000' }, 'role "ann" does not exist', 'AUTH_FAILED'],
    [{ code: '3D000' }, 'database "app" does not exist', 'DATABASE_NOT_FOUND'],
    [{ code: '42501' }, 'permission denied for database app', 'PERMISSION_DENIED'],
    [{}, 'The server does not support SSL connections', 'TLS_FAILED'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'self-signed certificate', 'TLS_FAILED'],
    [{ code: '53300' }, 'sorry, too many clients already', 'DRIVER_ERROR'],
    [{ code: '57P03' }, 'the database system is starting up', 'DRIVER_ERROR'],
    [{ code: 'XX000' }, 'internal', 'DRIVER_ERROR'],
  ])('maps %o "%s" to %s', (fields, message, expected) => {
    expect(classifyPostgresError(err(fields, message), ctx).errorCode).toBe(expected);
  });

  it('asks for the password when none was given and the server wants one', () => {
    const failure = classifyPostgresError(
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      { ...ctx, hasPassword: false },
    );
    expect(failure).toMatchObject({
      errorCode: 'AUTH_FAILED',
      hint: 'Enter the password: the server requires one for this user.',
    });
  });
});

describe('classifyMysqlError', () => {
  const ctx = { host: 'db.example.com', databaseName: 'shop', username: 'ann' };
  it.each([
    [{ errno: 1045 }, 'AUTH_FAILED'],
    [{ errno: 1698 }, 'AUTH_FAILED'],
    [{ errno: 1049 }, 'DATABASE_NOT_FOUND'],
    [{ errno: 1044 }, 'PERMISSION_DENIED'],
    [{ errno: 1130 }, 'PERMISSION_DENIED'],
    [{ errno: 3159 }, 'TLS_REQUIRED'],
    [{ errno: 1040 }, 'DRIVER_ERROR'],
    [{ errno: 1251 }, 'DRIVER_ERROR'],
    [{ code: 'HANDSHAKE_NO_SSL_SUPPORT' }, 'TLS_FAILED'],
    [{ errno: 1064 }, 'DRIVER_ERROR'],
    [
      {
        message:
          'As a result of LOCAL INFILE command server wants to read /etc/passwd file, but as of v2.0 you must provide streamFactory option returning ReadStream.',
      },
      'BLOCKED_BY_POLICY',
    ],
  ])('maps %o to %s', (fields, expected) => {
    expect(classifyMysqlError(err(fields), ctx).errorCode).toBe(expected);
  });
});

describe('networkFailure', () => {
  it.each([
    ['ENOTFOUND', 'DNS_NOT_FOUND'],
    ['EAI_AGAIN', 'DNS_NOT_FOUND'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['EHOSTUNREACH', 'CONNECTION_REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
  ])('maps %s to %s', (code, expected) => {
    expect(networkFailure(err({ code }), 'db.example.com', 5433, 10_000)?.errorCode).toBe(expected);
  });

  it('names host and port in the refused hint', () => {
    expect(
      networkFailure(err({ code: 'ECONNREFUSED' }), 'db.example.com', 5433, 10_000)?.hint,
    ).toBe('Check the port: nothing listens on db.example.com:5433.');
  });

  it('leaves database errors to the driver', () => {
    expect(networkFailure(err({ code: '28P01' }), 'h', 1, 1)).toBeNull();
  });
});

describe('MySQL grants and versions', () => {
  it('reads a superuser, a writer and a reader from SHOW GRANTS', () => {
    expect(
      privilegesFromGrants(['GRANT ALL PRIVILEGES ON *.* TO `a`@`%` WITH GRANT OPTION']),
    ).toMatchObject({ canWrite: true, superuser: true });
    expect(
      privilegesFromGrants([
        'GRANT USAGE ON *.* TO `b`@`%`',
        'GRANT SELECT, INSERT ON `shop`.* TO `b`@`%`',
      ]),
    ).toMatchObject({ canWrite: true, superuser: false });
    expect(
      privilegesFromGrants([
        'GRANT USAGE ON *.* TO `c`@`%`',
        'GRANT SELECT ON `shop`.* TO `c`@`%`',
      ]),
    ).toMatchObject({ canWrite: false, superuser: false });
  });

  it('labels MariaDB and MySQL versions', () => {
    expect(versionLabel('10.11.19-MariaDB-0+deb12u1')).toBe('MariaDB 10.11.19');
    expect(versionLabel('8.0.36')).toBe('MySQL 8.0.36');
  });
});
