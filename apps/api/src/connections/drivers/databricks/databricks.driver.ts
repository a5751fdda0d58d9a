import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { CellRow } from '../core/catalog-builder';
import { classifyDatabricksError } from './databricks.errors';
import { introspectDatabricks } from './databricks.introspect';
import { databricksContextOf, openDatabricks } from './databricks.session';
import type {
  ConnectionParams,
  DatabaseDriver,
  IntrospectOptions,
  QueryJob,
  QueryRows,
  QuerySessions,
  StageListener,
} from '../core/types';
import { queryDatabricks } from './databricks.query';
import { privilegesOfGrants } from '../core/grant-privileges';
import { NetworkPolicy } from '../../network/network-policy';
import { runStagedTest } from '../core/staged-test';

const SESSION_SQL = `SELECT version() AS VERSION, current_catalog() AS CATALOG,
       current_user() AS USER_NAME, is_member('admins') AS IS_ADMIN`;

/** Write grants of the current user in the current catalog (Unity Catalog), a few of them. */
const PRIVILEGES_SQL = `
SELECT * FROM (
  SELECT privilege_type AS PRIVILEGE, 'CATALOG ' || catalog_name AS OBJECT
    FROM information_schema.catalog_privileges
   WHERE grantee = current_user() AND privilege_type IN ('ALL PRIVILEGES', 'MODIFY', 'CREATE SCHEMA', 'CREATE TABLE')
  UNION ALL
  SELECT privilege_type, 'SCHEMA ' || schema_name
    FROM information_schema.schema_privileges
   WHERE grantee = current_user() AND privilege_type IN ('ALL PRIVILEGES', 'MODIFY', 'CREATE TABLE')
  UNION ALL
  SELECT privilege_type, 'TABLE ' || table_schema || '.' || table_name
    FROM information_schema.table_privileges
   WHERE grantee = current_user() AND privilege_type IN ('ALL PRIVILEGES', 'MODIFY')
) LIMIT 20`;

const truthy = (value: unknown) => value === true || value === 'true' || value === 1;

/** "Databricks SQL (Spark 3.5.0)" from version()'s "3.5.0 <build hash>". */
export function databricksVersionLabel(version: string): string {
  const spark = /^[\d.]+/.exec(version.trim())?.[0];
  return spark ? `Databricks SQL (Spark ${spark})` : 'Databricks SQL';
}

export function databricksPrivileges(user: string, admin: boolean, grants: CellRow[]) {
  return privilegesOfGrants(
    `The user ${user}`,
    admin ? `The user ${user} is a workspace admin: it can change anything.` : null,
    grants,
    '',
  );
}

export class DatabricksDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'databricks' as const;

  query(params: ConnectionParams, job: QueryJob, sessions?: QuerySessions): Promise<QueryRows> {
    return queryDatabricks(params, this.policy, job, sessions);
  }

  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult> {
    const ctx = databricksContextOf(params);
    return runStagedTest(this.policy, deadlineMs, onStage, {
      dbType: this.type,
      preflight: { tls: true },
      host: ctx.host,
      port: ctx.port,
      secrets: [params.password],
      open: async (at) =>
        at.keep(
          await openDatabricks(params, at.remainingMs(), (client) =>
            at.closeWith(() => void client.close().catch(() => undefined)),
          ),
        ),
      probe: async (session, within) => {
        const query = (sql: string) => within(session.query(sql));
        const [current] = await query(SESSION_SQL);
        const user = String(current?.['USER_NAME'] ?? params.username ?? '');
        return {
          serverVersion: databricksVersionLabel(String(current?.['VERSION'] ?? '')),
          privileges: databricksPrivileges(
            user,
            truthy(current?.['IS_ADMIN']),
            await query(PRIVILEGES_SQL),
          ),
        };
      },
      classify: (error) => classifyDatabricksError(error, ctx, deadlineMs),
    });
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectDatabricks(params, this.policy, options);
  }
}
