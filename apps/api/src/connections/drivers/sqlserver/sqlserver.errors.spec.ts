import { describe, expect, it } from 'vitest';
import { sqlServerPrivileges, sqlServerVersionLabel } from './sqlserver.driver';
import { classifySqlServerFailure } from './sqlserver.errors';

const err = (fields: Record<string, unknown>, message = 'boom') =>
  Object.assign(new Error(message), fields);

describe('classifySqlServerFailure', () => {
  const ctx = {
    host: 'sql.example.com',
    port: 1433,
    databaseName: 'sales',
    username: 'ann',
    instanceName: 'REPORTS',
  };
  const signals = (loginErrors: number[] = [], downgradeRefused = false) => ({
    loginErrors,
    downgradeRefused,
  });
  it.each([
    [[18456], { code: 'ELOGIN' }, 'AUTH_FAILED'],
    [[4060, 18456], { code: 'ELOGIN' }, 'DATABASE_NOT_FOUND'],
    [[916], { code: 'ELOGIN' }, 'PERMISSION_DENIED'],
    [[40615], { code: 'ELOGIN' }, 'PERMISSION_DENIED'],
    [[40532], { code: 'ELOGIN' }, 'PERMISSION_DENIED'],
    [[18470, 18456], { code: 'ELOGIN' }, 'AUTH_FAILED'],
    [[18486], { code: 'ELOGIN' }, 'AUTH_FAILED'],
    [[18487], { code: 'ELOGIN' }, 'AUTH_FAILED'],
    [[18452], { code: 'ELOGIN' }, 'AUTH_FAILED'],
    [[], { code: 'EENCRYPT' }, 'TLS_REQUIRED'],
    [[], { code: 'EINSTLOOKUP' }, 'CONNECTION_REFUSED'],
    [[], { code: 'ETIMEOUT' }, 'TIMEOUT'],
    [[], { code: 'ESOCKET', cause: err({ code: 'ECONNREFUSED' }) }, 'CONNECTION_REFUSED'],
    [[], { code: 'ESOCKET', cause: err({ code: 'ENOTFOUND' }) }, 'DNS_NOT_FOUND'],
    [[], { code: 'ESOCKET', cause: err({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }, 'TLS_FAILED'],
    [[10928], { code: 'EREQUEST' }, 'DRIVER_ERROR'],
  ])('maps login errors %o and %o to %s', (numbers, fields, expected) => {
    expect(classifySqlServerFailure(err(fields), ctx, signals(numbers), 10_000).errorCode).toBe(
      expected,
    );
  });

  it('names the field to fix in each hint', () => {
    const hint = (numbers: number[], fields: Record<string, unknown> = { code: 'ELOGIN' }) =>
      classifySqlServerFailure(err(fields), ctx, signals(numbers), 10_000).hint;
    expect(hint([18456])).toBe('Check the username and password: the server rejected them.');
    expect(hint([4060, 18456])).toBe(
      'Check the database name: "sales" cannot be opened on sql.example.com by "ann".',
    );
    expect(hint([], { code: 'EINSTLOOKUP' })).toMatch(/^Check the instance name/);
    expect(hint([], { code: 'EENCRYPT' })).toBe(
      'Turn on "Encrypt Connection": the server refuses unencrypted connections.',
    );
  });

  it('reports a server that answered "no encryption" to a client that asked for it', () => {
    const failure = classifySqlServerFailure(
      err({ code: 'ESOCKET' }, 'socket closed'),
      ctx,
      signals([], true),
      10_000,
    );
    expect(failure.errorCode).toBe('TLS_FAILED');
  });
});

describe('sqlServerPrivileges', () => {
  const row = (values: Partial<Record<string, number>>) => ({
    sysadmin: 0,
    db_owner: 0,
    db_datawriter: 0,
    db_ddladmin: 0,
    can_create_table: 0,
    can_insert: 0,
    ...values,
  });
  it('reads a sysadmin as a superuser that can write', () => {
    expect(sqlServerPrivileges(row({ sysadmin: 1, can_insert: 1 }))).toMatchObject({
      canWrite: true,
      superuser: true,
    });
  });
  it('reads db_datawriter alone as a user that can write', () => {
    expect(sqlServerPrivileges(row({ db_datawriter: 1 }))).toEqual({
      canWrite: true,
      superuser: false,
      notes: ['The user is in db_datawriter: it can change rows.'],
    });
  });
  it('reads no role and no permission as read only', () => {
    expect(sqlServerPrivileges(row({}))).toMatchObject({ canWrite: false, superuser: false });
  });
});

describe('sqlServerVersionLabel', () => {
  it('keeps the first line of @@VERSION', () => {
    expect(
      sqlServerVersionLabel(
        'Microsoft SQL Server 2019 (RTM-CU22) (KB5027702) - 15.0.4322.2 (X64) \n\tJul 27 2023 18:11:00',
      ),
    ).toBe('Microsoft SQL Server 2019 (RTM-CU22) (KB5027702) - 15.0.4322.2 (X64)');
  });
});
