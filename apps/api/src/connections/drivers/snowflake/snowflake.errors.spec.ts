import { describe, expect, it } from 'vitest';
import { snowflakePrivileges } from './snowflake.driver';
import { classifySnowflakeError } from './snowflake.errors';

const err = (fields: Record<string, unknown>, message = 'boom') =>
  Object.assign(new Error(message), fields);

describe('classifySnowflakeError', () => {
  const ctx = {
    host: 'xy12345.eu-west-1.snowflakecomputing.com',
    port: 443,
    account: 'xy12345',
    databaseName: 'SALES',
    username: 'ANN',
    warehouse: 'WH',
    role: 'ANALYST',
    keyPair: false,
  };
  it.each([
    [{ code: '390100' }, 'Incorrect username or password was specified.', 'AUTH_FAILED'],
    [{ code: '390102' }, 'User temporarily locked.', 'AUTH_FAILED'],
    [{ code: '390144' }, 'JWT token is invalid.', 'AUTH_FAILED'],
    [
      { code: '390189' },
      "Role 'X' specified in the connect string does not exist",
      'PERMISSION_DENIED',
    ],
    [{ code: '390422' }, 'Incoming request with IP is not allowed', 'PERMISSION_DENIED'],
    [
      { code: '390201' },
      'The requested warehouse does not exist or not authorized.',
      'PERMISSION_DENIED',
    ],
    [
      { code: '390201' },
      'The requested database does not exist or not authorized.',
      'DATABASE_NOT_FOUND',
    ],
    [{ code: 401001, cause: err({ code: 'ECONNREFUSED' }) }, 'Network error', 'CONNECTION_REFUSED'],
    [{ code: 401001, cause: err({ code: 'ENOTFOUND' }) }, 'Network error', 'DNS_NOT_FOUND'],
    [{ code: 401001 }, 'Network error', 'TIMEOUT'],
    [{ code: 401002, response: { statusCode: 403 } }, 'Request failed', 'AUTH_FAILED'],
    [
      { code: 'ERR_OSSL_BAD_DECRYPT' },
      'error:1C800064:Provider routines::bad decrypt',
      'AUTH_FAILED',
    ],
    [{ code: '000606' }, 'No active warehouse selected', 'DRIVER_ERROR'],
  ])('maps %o "%s" to %s', (fields, message, expected) => {
    expect(classifySnowflakeError(err(fields, message), ctx, 10_000).errorCode).toBe(expected);
  });

  it('names the account when Snowflake answers 403 to the login', () => {
    const failure = classifySnowflakeError(
      err({ code: 401002, response: { statusCode: 403 } }),
      ctx,
      10_000,
    );
    expect(failure.hint).toBe(
      'Check the account: "xy12345" must be the account identifier of xy12345.eu-west-1.snowflakecomputing.com.',
    );
  });
});

describe('snowflakePrivileges', () => {
  it('says when grants were not read for want of a database', () => {
    expect(snowflakePrivileges('ANALYST', null)).toEqual({
      canWrite: false,
      superuser: false,
      notes: ['No database is set: only the role was checked, not its grants.'],
    });
  });
  it('lists the write grants of the role', () => {
    expect(
      snowflakePrivileges('LOADER', [{ PRIVILEGE: 'INSERT', OBJECT: 'TABLE PUBLIC.T' }]),
    ).toEqual({
      canWrite: true,
      superuser: false,
      notes: ['Write privilege: INSERT on TABLE PUBLIC.T'],
    });
  });
});
