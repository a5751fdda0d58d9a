import type { CatalogObject, TestResult } from '@sluice/contracts';
import type {
  ConnectionParams,
  DatabaseDriver,
  IntrospectOptions,
  QueryJob,
  QueryRows,
  QuerySessions,
  StageListener,
} from '../core/types';
import { querySqlServer } from './sqlserver.query';
import { runStagedTest } from '../core/staged-test';
import { NetworkPolicy } from '../../network/network-policy';
import { classifySqlServerFailure } from './sqlserver.errors';
import { introspectSqlServer } from './sqlserver.introspect';
import {
  newSqlServerWire,
  openSqlServer,
  sqlServerEncryption,
  sqlServerErrorContextOf,
  type SqlRow,
} from './sqlserver.session';

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

  query(params: ConnectionParams, job: QueryJob, sessions?: QuerySessions): Promise<QueryRows> {
    return querySqlServer(params, this.policy, job, sessions);
  }

  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult> {
    const ctx = sqlServerErrorContextOf(params);
    const wire = newSqlServerWire();
    return runStagedTest(this.policy, deadlineMs, onStage, {
      dbType: this.type,
      host: ctx.host,
      port: ctx.port,
      secrets: [params.password],
      tunnel: params.sshTunnel,
      tls: sqlServerEncryption(params).encrypt,
      marks: wire,
      open: async (at) =>
        at.keep(
          await openSqlServer(params, at, at.remainingMs(), wire, (socket) =>
            at.closeWith(() => socket.destroy()),
          ),
        ),
      probe: async (session, within) => {
        const [row] = await within(session.query(VERSION_AND_PRIVILEGES_SQL));
        return {
          serverVersion: sqlServerVersionLabel(String(row?.['version'] ?? '')),
          privileges: sqlServerPrivileges(row),
        };
      },
      classify: (error) => classifySqlServerFailure(error, ctx, wire, deadlineMs),
    });
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectSqlServer(params, this.policy, options);
  }
}
