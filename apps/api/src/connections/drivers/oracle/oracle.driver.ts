import type { CatalogObject, TestResult } from '@sluice/contracts';
import type {
  ConnectionParams,
  DatabaseDriver,
  IntrospectOptions,
  TestFailure,
  StageListener,
} from '../core/types';
import { timeoutFailure } from '../core/network-failures';
import { runStagedTest } from '../core/staged-test';
import { NetworkPolicy } from '../../network/network-policy';
import { classifyOracleError } from './oracle.errors';
import { introspectOracle } from './oracle.introspect';
import {
  oracleContextOf,
  openOracle,
  unsafeDescriptorField,
  type OracleContext,
  type OracleRow,
} from './oracle.session';
import { errorMessageOf } from '../core/error-text';

const PRIVILEGES_SQL = `
SELECT (SELECT COUNT(*) FROM session_roles WHERE role IN ('DBA', 'IMP_FULL_DATABASE')) AS "DBA",
       (SELECT COUNT(*) FROM session_privs
         WHERE privilege IN ('CREATE TABLE', 'CREATE ANY TABLE', 'INSERT ANY TABLE',
                             'UPDATE ANY TABLE', 'DELETE ANY TABLE', 'DROP ANY TABLE',
                             'ALTER ANY TABLE')) AS "SYSTEM_WRITE",
       (SELECT COUNT(*) FROM user_tab_privs
         WHERE privilege IN ('INSERT', 'UPDATE', 'DELETE') AND grantee = USER) AS "OBJECT_WRITE"
  FROM dual`;

const count = (row: OracleRow | undefined, name: string) => Number(row?.[name] ?? 0);

/** session_roles, session_privs and user_tab_privs: what this user could change. */
export function oraclePrivileges(
  row: OracleRow | undefined,
): NonNullable<TestResult['privileges']> {
  const superuser = count(row, 'DBA') > 0;
  const notes: string[] = [];
  if (superuser) notes.push('The user has the DBA role: it can change anything in this database.');
  if (count(row, 'SYSTEM_WRITE') > 0)
    notes.push('The user holds system privileges that create or change tables.');
  if (count(row, 'OBJECT_WRITE') > 0)
    notes.push('The user may insert, update or delete rows of tables it was granted.');
  const canWrite = notes.length > 0;
  if (!canWrite) notes.push('The user can only read: no write privilege was found.');
  return { canWrite, superuser, notes };
}

/** Thin mode's own timeouts read as a timeout, like the deadline's. */
function classify(error: unknown, ctx: OracleContext, deadlineMs: number): TestFailure {
  if (/NJS-510|NJS-501|timed out|timeout/i.test(errorMessageOf(error)))
    return timeoutFailure(ctx.host, ctx.port, deadlineMs);
  return classifyOracleError(error, ctx);
}

export class OracleDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'oracle' as const;

  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult> {
    const ctx = oracleContextOf(params);
    const unsafe = unsafeDescriptorField(ctx);
    return runStagedTest(this.policy, deadlineMs, onStage, {
      dbType: this.type,
      host: ctx.host,
      port: ctx.port,
      secrets: [params.password],
      tunnel: params.sshTunnel,
      invalid: unsafe
        ? {
            errorCode: 'DRIVER_ERROR',
            message: `The ${unsafe} may not contain spaces, parentheses, "=", quotes or backslashes`,
            hint: `Check the ${unsafe}: it is one name, such as ORCLPDB1.`,
          }
        : null,
      preflight: { tls: params.useSsl },
      open: async (at) => at.keep(await openOracle(params, at, at.remainingMs())),
      probe: async (session, within) => {
        const [privileges] = await within(session.query(PRIVILEGES_SQL));
        return {
          serverVersion: `Oracle Database ${session.serverVersion}`,
          privileges: oraclePrivileges(privileges),
        };
      },
      classify: (error) => classify(error, ctx, deadlineMs),
    });
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectOracle(params, this.policy, options);
  }
}
