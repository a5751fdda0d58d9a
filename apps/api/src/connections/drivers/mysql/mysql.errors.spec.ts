import { describe, expect, it } from 'vitest';
import { classifyMysqlError } from './mysql.errors';
import { privilegesFromGrants, versionLabel } from './mysql.driver';

const err = (fields: Record<string, unknown>, message = 'boom') =>
  Object.assign(new Error(message), fields);

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
