import { describe, expect, it } from 'vitest';
import { oraclePrivileges } from './oracle.driver';
import { classifyOracleError } from './oracle.errors';
import { oracleDescriptor, unsafeDescriptorField } from './oracle.session';

describe('classifyOracleError', () => {
  const ctx = { host: 'ora.example.com', port: 1521, serviceName: 'SALES', username: 'scott' };
  it.each([
    ['ORA-01017: invalid credential or not authorized; logon denied', 'AUTH_FAILED'],
    ['ORA-28000: The account is locked.', 'AUTH_FAILED'],
    ['ORA-28001: the password has expired', 'AUTH_FAILED'],
    [
      'ORA-01045: Login denied. User SCOTT does not have CREATE SESSION privilege.',
      'PERMISSION_DENIED',
    ],
    [
      'NJS-518: cannot connect to Oracle Database. Service "SALES" is not registered',
      'DATABASE_NOT_FOUND',
    ],
    ['NJS-519: cannot connect to Oracle Database. SID "X" is not registered', 'DATABASE_NOT_FOUND'],
    [
      'NJS-511: connection to listener at host x port 1 was refused.\nCause: ORA-12519',
      'DRIVER_ERROR',
    ],
    [
      'NJS-511: connection to listener at host x port 1 was refused.\nCause: ORA-12500',
      'CONNECTION_REFUSED',
    ],
    [
      'NJS-116: password verifier type 0x939 is not supported by node-oracledb in Thin mode',
      'DRIVER_ERROR',
    ],
    ['ORA-00942: table or view does not exist', 'DRIVER_ERROR'],
  ])('maps "%s" to %s', (message, expected) => {
    expect(classifyOracleError(new Error(message), ctx).errorCode).toBe(expected);
  });
});

describe('oracleDescriptor', () => {
  const params = {
    dbType: 'oracle' as const,
    host: 'ora.example.com',
    port: 1522,
    databaseName: null,
    username: 'scott',
    password: 'tiger',
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: false,
    options: { serviceName: 'SALES' },
  };
  it('connects to the checked address over TCP, one try, in fractions of a second', () => {
    expect(oracleDescriptor(params, { address: '10.0.0.5', port: 1522 }, 2500)).toBe(
      '(DESCRIPTION=(CONNECT_TIMEOUT=2.5)(TRANSPORT_CONNECT_TIMEOUT=2.5)(RETRY_COUNT=0)' +
        '(ADDRESS=(PROTOCOL=TCP)(HOST=10.0.0.5)(PORT=1522))(CONNECT_DATA=(SERVICE_NAME=SALES)))',
    );
  });
  it('uses TCPS to the host name with "Use SSL", so its certificate is checked against it', () => {
    expect(
      oracleDescriptor({ ...params, useSsl: true }, { address: '10.0.0.5', port: 1522 }, 2500),
    ).toContain('(PROTOCOL=TCPS)(HOST=ora.example.com)');
  });
  it('finds a service name that would rewrite the descriptor', () => {
    expect(unsafeDescriptorField({ ...params, host: 'h', port: 1, serviceName: 'A)(B=' })).toBe(
      'service name',
    );
    expect(
      unsafeDescriptorField({ host: 'h', port: 1, serviceName: 'ORCLPDB1', username: null }),
    ).toBeNull();
  });
});

describe('oraclePrivileges', () => {
  it('reads the DBA role as a superuser and none as read only', () => {
    expect(oraclePrivileges({ DBA: 1, SYSTEM_WRITE: 5, OBJECT_WRITE: 0 })).toMatchObject({
      canWrite: true,
      superuser: true,
    });
    expect(oraclePrivileges({ DBA: 0, SYSTEM_WRITE: 0, OBJECT_WRITE: 0 })).toEqual({
      canWrite: false,
      superuser: false,
      notes: ['The user can only read: no write privilege was found.'],
    });
  });
});
