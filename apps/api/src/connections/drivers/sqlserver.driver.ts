import type { Socket } from 'node:net';
import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { ConnectionParams, DatabaseDriver, TestFailure } from './driver.interface';
import type { IntrospectOptions } from './introspection';
import { resolveStage, timeoutFailure } from './network';
import { NetworkPolicy } from './network-policy';
import { classifySqlServerFailure } from './sqlserver.errors';
import { introspectSqlServer } from './sqlserver.introspect';
import {
  newSqlServerWire,
  openSqlServer,
  sqlServerEncryption,
  sqlServerErrorContextOf,
  type SqlRow,
  type SqlServerSession,
  type SqlServerWire,
} from './sqlserver.session';
import { DeadlineError, scrubSecrets, TestRun } from './test-run';

/** The server's version and the login's permissions, in one round trip. */
const VERSION_AND_PRIVILEGES_SQL = `
SELECT @@VERSION AS version,
       CAST(IS_SRVROLEMEMBER('sysadmin') AS int) AS sysadmin,
       CAST(IS_ROLEMEMBER('db_owner') AS int) AS db_owner,
       CAST(IS_ROLEMEMBER('db_datawriter') AS int) AS db_datawriter,
       CAST(IS_ROLEMEMBER('db_ddladmin') AS int) AS db_ddladmin,
       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE TABLE') AS can_create_table,
       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'INSERT') AS can_insert`;

const flag = (row: SqlRow, name: string) => Number(row[name] ?? 0) === 1;

/** IS_SRVROLEMEMBER, IS_ROLEMEMBER and HAS_PERMS_BY_NAME: what this login could change. */
export function sqlServerPrivileges(row: SqlRow | undefined): TestResult['privileges'] {
  if (!row) return null;
  const superuser = flag(row, 'sysadmin');
  const notes: string[] = [];
  if (superuser) notes.push('The login is a sysadmin: it can change anything on this server.');
  if (flag(row, 'db_owner')) notes.push('The user is db_owner of this database.');
  if (flag(row, 'db_datawriter')) notes.push('The user is in db_datawriter: it can change rows.');
  if (flag(row, 'db_ddladmin')) notes.push('The user is in db_ddladmin: it can change tables.');
  if (flag(row, 'can_create_table')) notes.push('The user can create tables in this database.');
  if (flag(row, 'can_insert')) notes.push('The user can insert rows in this database.');
  const canWrite = notes.length > 0;
  if (!canWrite) notes.push('The user can only read: no write permission was found.');
  return { canWrite, superuser, notes };
}

/** "Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)": the first line of @@VERSION. */
export function sqlServerVersionLabel(banner: string): string {
  return (banner.split('\n')[0] ?? banner).replace(/\s+/g, ' ').trim();
}

export class SqlServerDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'sqlserver' as const;

  async test(params: ConnectionParams, deadlineMs: number): Promise<TestResult> {
    const run = new TestRun(deadlineMs);
    const ctx = sqlServerErrorContextOf(params);
    const { host, port } = ctx;
    const wire = newSqlServerWire();
    const classify = (error: unknown) => classifySqlServerFailure(error, ctx, wire, deadlineMs);
    const resolved = await resolveStage(run, this.policy, host, port, classify);
    if ('failed' in resolved) return resolved.failed;

    const { encrypt } = sqlServerEncryption(params);
    let socket: Socket | undefined;
    let session: SqlServerSession | undefined;
    const close = () => {
      socket?.destroy();
      session?.close();
    };
    try {
      session = await run.within(
        'authenticate',
        openSqlServer(params, resolved.address, run.remainingMs(), wire, (s) => (socket = s)),
        close,
      );
      run.pass('connect', wire.connectedAt);
      if (encrypt) run.pass('tls', wire.securedAt);
      run.pass('authenticate');
      const [row] = await run.within('query', session.query(VERSION_AND_PRIVILEGES_SQL), close);
      run.pass('query');
      return run.success(
        sqlServerVersionLabel(String(row?.['version'] ?? '')),
        sqlServerPrivileges(row),
      );
    } catch (error) {
      const failure =
        error instanceof DeadlineError ? timeoutFailure(host, port, deadlineMs) : classify(error);
      const stage = failedStage(failure, wire, encrypt, session !== undefined);
      if (stage !== 'connect' && wire.connectedAt) run.pass('connect', wire.connectedAt);
      if (stage === 'authenticate' && encrypt && wire.securedAt) run.pass('tls', wire.securedAt);
      return run.failure(stage, {
        ...failure,
        message: scrubSecrets(failure.message, [params.password]),
      });
    } finally {
      close();
    }
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectSqlServer(params, this.policy, options);
  }
}

function failedStage(
  failure: TestFailure,
  wire: SqlServerWire,
  encrypt: boolean,
  opened: boolean,
): 'connect' | 'tls' | 'authenticate' | 'query' {
  if (opened) return 'query';
  if (failure.errorCode === 'TLS_FAILED' || failure.errorCode === 'TLS_REQUIRED') return 'tls';
  if (!wire.connectedAt) return 'connect';
  if (encrypt && !wire.securedAt && failure.errorCode === 'TIMEOUT') return 'tls';
  return 'authenticate';
}
