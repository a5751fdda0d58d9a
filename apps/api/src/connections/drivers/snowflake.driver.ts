import { Injectable } from '@nestjs/common';
import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { CellRow } from './catalog-builder';
import type { ConnectionParams, DatabaseDriver } from './driver.interface';
import { httpsPreflight } from './https-preflight';
import type { IntrospectOptions } from './introspection';
import { resolveStage, timeoutFailure } from './network';
import { NetworkPolicy } from './network-policy';
import { classifySnowflakeError, missingDatabase, missingWarehouse } from './snowflake.errors';
import { introspectSnowflake } from './snowflake.introspect';
import {
  openSnowflake,
  snowflakeContextOf,
  type SnowflakeContext,
  type SnowflakeSession,
} from './snowflake.session';
import { DeadlineError, scrubSecrets, TestRun } from './test-run';

const SESSION_SQL = `SELECT CURRENT_VERSION() AS "VERSION", CURRENT_DATABASE() AS "DATABASE",
       CURRENT_WAREHOUSE() AS "WAREHOUSE", CURRENT_ROLE() AS "ROLE"`;

/** Write privileges granted to the current role in the current database, a few of them. */
const PRIVILEGES_SQL = `
SELECT * FROM (
  SELECT privilege_type AS "PRIVILEGE", object_type || ' ' || object_name AS "OBJECT"
    FROM information_schema.object_privileges
   WHERE grantee = CURRENT_ROLE()
     AND privilege_type IN ('OWNERSHIP', 'CREATE SCHEMA', 'CREATE TABLE', 'MODIFY')
  UNION ALL
  SELECT privilege_type, 'TABLE ' || table_schema || '.' || table_name
    FROM information_schema.table_privileges
   WHERE grantee = CURRENT_ROLE()
     AND privilege_type IN ('OWNERSHIP', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
) LIMIT 20`;

const ADMIN_ROLES = new Set(['ACCOUNTADMIN', 'SYSADMIN', 'SECURITYADMIN', 'ORGADMIN']);

/** What the role could change: an admin role, or write privileges in the database. */
export function snowflakePrivileges(
  role: string,
  grants: CellRow[] | null,
): NonNullable<TestResult['privileges']> {
  const superuser = ADMIN_ROLES.has(role.toUpperCase());
  const notes: string[] = [];
  if (superuser) notes.push(`The role ${role} is an administrator role: it can change anything.`);
  for (const grant of grants ?? []) {
    notes.push(`Write privilege: ${String(grant['PRIVILEGE'])} on ${String(grant['OBJECT'])}`);
  }
  const canWrite = notes.length > 0;
  if (grants === null && !superuser)
    notes.push('No database is set: only the role was checked, not its grants.');
  else if (!canWrite) notes.push(`The role ${role} can only read: no write privilege was found.`);
  return { canWrite, superuser, notes };
}

@Injectable()
export class SnowflakeDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'snowflake' as const;

  async test(params: ConnectionParams, deadlineMs: number): Promise<TestResult> {
    const run = new TestRun(deadlineMs);
    const ctx = snowflakeContextOf(params);
    const secrets = [params.password, params.privateKeyPassphrase];
    const classify = (error: unknown) => classifySnowflakeError(error, ctx, deadlineMs);
    const resolved = await resolveStage(run, this.policy, ctx.host, ctx.port, classify);
    if ('failed' in resolved) return resolved.failed;
    const preflight = await httpsPreflight(run, resolved.address, ctx.host, ctx.port);
    if (preflight) return preflight;

    let session: SnowflakeSession | undefined;
    let abandon = () => undefined as void;
    const close = () => {
      abandon();
      session?.close();
    };
    let stage: 'authenticate' | 'query' = 'authenticate';
    try {
      session = await run.within(
        'authenticate',
        openSnowflake(params, run.remainingMs(), (connection) => {
          abandon = () => connection.destroy(() => undefined);
        }),
        close,
      );
      run.pass('authenticate');
      stage = 'query';
      const open = session;
      const [current] = await run.within('query', open.query(SESSION_SQL), close);
      const missing = missingContext(ctx, current);
      if (missing) return run.failure('query', missing);
      const grants = current?.['DATABASE']
        ? await run.within('query', open.query(PRIVILEGES_SQL), close)
        : null;
      run.pass('query');
      return run.success(
        `Snowflake ${String(current?.['VERSION'] ?? '')}`.trim(),
        snowflakePrivileges(String(current?.['ROLE'] ?? ''), grants),
      );
    } catch (error) {
      const failure =
        error instanceof DeadlineError
          ? timeoutFailure(ctx.host, ctx.port, deadlineMs)
          : classify(error);
      return run.failure(stage, { ...failure, message: scrubSecrets(failure.message, secrets) });
    } finally {
      close();
    }
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectSnowflake(params, this.policy, options);
  }
}

/** Snowflake logs in without the database or warehouse asked for when it cannot use them. */
function missingContext(ctx: SnowflakeContext, current: CellRow | undefined) {
  if (ctx.databaseName && !current?.['DATABASE']) return missingDatabase(ctx);
  if (ctx.warehouse && !current?.['WAREHOUSE']) return missingWarehouse(ctx);
  return null;
}
