import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { CellRow } from '../core/catalog-builder';
import type {
  ConnectionParams,
  DatabaseDriver,
  IntrospectOptions,
  QueryJob,
  QueryRows,
  QuerySessions,
  StageListener,
} from '../core/types';
import { querySnowflake } from './snowflake.query';
import { privilegesOfGrants } from '../core/grant-privileges';
import { NetworkPolicy } from '../../network/network-policy';
import { classifySnowflakeError, missingDatabase, missingWarehouse } from './snowflake.errors';
import { introspectSnowflake } from './snowflake.introspect';
import { openSnowflake, snowflakeContextOf, type SnowflakeContext } from './snowflake.session';
import { runStagedTest } from '../core/staged-test';

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
export function snowflakePrivileges(role: string, grants: CellRow[] | null) {
  return privilegesOfGrants(
    `The role ${role}`,
    ADMIN_ROLES.has(role.toUpperCase())
      ? `The role ${role} is an administrator role: it can change anything.`
      : null,
    grants,
    'No database is set: only the role was checked, not its grants.',
  );
}

export class SnowflakeDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'snowflake' as const;

  query(params: ConnectionParams, job: QueryJob, sessions?: QuerySessions): Promise<QueryRows> {
    return querySnowflake(params, this.policy, job, sessions);
  }

  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult> {
    const ctx = snowflakeContextOf(params);
    return runStagedTest(this.policy, deadlineMs, onStage, {
      dbType: this.type,
      preflight: { tls: true },
      host: ctx.host,
      port: ctx.port,
      secrets: [params.password, params.privateKeyPassphrase],
      open: async (at) =>
        at.keep(
          await openSnowflake(params, at.remainingMs(), (connection) =>
            at.closeWith(() => connection.destroy(() => undefined)),
          ),
        ),
      probe: async (session, within) => {
        const query = (sql: string) => within(session.query(sql));
        const [current] = await query(SESSION_SQL);
        const missing = missingContext(ctx, current);
        if (missing) return missing;
        const grants = current?.['DATABASE'] ? await query(PRIVILEGES_SQL) : null;
        return {
          serverVersion: `Snowflake ${String(current?.['VERSION'] ?? '')}`.trim(),
          privileges: snowflakePrivileges(String(current?.['ROLE'] ?? ''), grants),
        };
      },
      classify: (error) => classifySnowflakeError(error, ctx, deadlineMs),
    });
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
