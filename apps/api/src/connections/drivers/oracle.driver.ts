import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { ConnectionParams, DatabaseDriver, TestFailure } from './driver.interface';
import type { IntrospectOptions } from './introspection';
import { resolveStage, timeoutFailure } from './network';
import { NetworkPolicy } from './network-policy';
import { classifyOracleError } from './oracle.errors';
import { introspectOracle } from './oracle.introspect';
import {
  oracleContextOf,
  openOracle,
  unsafeDescriptorField,
  type OracleContext,
  type OracleRow,
  type OracleSession,
} from './oracle.session';
import { preflight } from './preflight';
import { DeadlineError, errorMessageOf, scrubSecrets, TestRun } from './test-run';

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
  if (
    error instanceof DeadlineError ||
    /NJS-510|NJS-501|timed out|timeout/i.test(errorMessageOf(error))
  )
    return timeoutFailure(ctx.host, ctx.port, deadlineMs);
  return classifyOracleError(error, ctx);
}

export class OracleDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'oracle' as const;

  async test(params: ConnectionParams, deadlineMs: number): Promise<TestResult> {
    const run = new TestRun(deadlineMs);
    const ctx = oracleContextOf(params);
    const unsafe = unsafeDescriptorField(ctx);
    if (unsafe) {
      return run.failure('resolve', {
        errorCode: 'DRIVER_ERROR',
        message: `The ${unsafe} may not contain spaces, parentheses, "=", quotes or backslashes`,
        hint: `Check the ${unsafe}: it is one name, such as ORCLPDB1.`,
      });
    }
    const resolved = await resolveStage(run, this.policy, ctx.host, ctx.port, (error) =>
      classify(error, ctx, deadlineMs),
    );
    if ('failed' in resolved) return resolved.failed;
    const refused = await preflight(run, resolved.address, ctx.host, ctx.port, {
      tls: params.useSsl,
    });
    if (refused) return refused;

    let session: OracleSession | undefined;
    let stage: 'authenticate' | 'query' = 'authenticate';
    const opening = openOracle(params, resolved.address, run.remainingMs());
    // A login that outlives the deadline is closed when it completes.
    opening
      .then((late) => (session === undefined ? late.close() : undefined))
      .catch(() => undefined);
    try {
      session = await run.within('authenticate', opening);
      run.pass('authenticate');
      stage = 'query';
      const [privileges] = await run.within('query', session.query(PRIVILEGES_SQL));
      run.pass('query');
      return run.success(`Oracle Database ${session.serverVersion}`, oraclePrivileges(privileges));
    } catch (error) {
      const failure = classify(error, ctx, deadlineMs);
      return run.failure(stage, {
        ...failure,
        message: scrubSecrets(failure.message, [params.password]),
      });
    } finally {
      session?.close();
    }
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectOracle(params, this.policy, options);
  }
}
