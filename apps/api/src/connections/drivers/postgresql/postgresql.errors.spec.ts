import { describe, expect, it } from 'vitest';
import { classifyPostgresError } from './postgresql.errors';

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
