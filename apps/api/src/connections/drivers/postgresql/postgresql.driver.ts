import { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { NetworkPolicy } from '../../network/network-policy';
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
import { queryPostgresql } from './postgresql.query';
import { introspectPostgresql } from './postgresql.introspect';
import { networkFailure } from '../core/network-failures';
import { runStagedTest } from '../core/staged-test';
import { classifyPostgresError } from './postgresql.errors';
import { pgClientFor, pgErrorContextOf } from './postgresql.session';

/** The server's version and the role's privileges, in one round trip. */
const VERSION_AND_PRIVILEGES_SQL = `
select 'PostgreSQL ' || current_setting('server_version') as version,
       r.rolsuper as superuser,
       has_database_privilege(current_database(), 'CREATE') as can_create_schema,
       exists (
         select 1 from pg_namespace n
          where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
            and has_schema_privilege(n.oid, 'CREATE')
       ) as can_create_in_schema,
       exists (
         select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
            and has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
          limit 1
       ) as can_write_table
  from pg_roles r where r.rolname = current_user`;

interface PrivilegeRow {
  version: string;
  superuser: boolean;
  can_create_schema: boolean;
  can_create_in_schema: boolean;
  can_write_table: boolean;
}

function privilegesOf(row: PrivilegeRow | undefined): TestResult['privileges'] {
  if (!row) return null;
  // A hostile server may answer any type: only a real `true` counts.
  row = {
    version: String(row.version),
    superuser: row.superuser === true,
    can_create_schema: row.can_create_schema === true,
    can_create_in_schema: row.can_create_in_schema === true,
    can_write_table: row.can_write_table === true,
  };
  const notes: string[] = [];
  if (row.superuser) notes.push('The role is a superuser: it can change anything on this server.');
  if (row.can_create_schema) notes.push('The role can create schemas in this database.');
  if (row.can_create_in_schema) notes.push('The role can create tables in at least one schema.');
  if (row.can_write_table)
    notes.push('The role can insert, update, delete or truncate rows of at least one table.');
  if (notes.length === 0) notes.push('The role can only read: no write privilege was found.');
  const canWrite =
    row.superuser || row.can_create_schema || row.can_create_in_schema || row.can_write_table;
  return { canWrite, superuser: row.superuser, notes };
}

export class PostgresqlDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'postgresql' as const;

  query(params: ConnectionParams, job: QueryJob, sessions?: QuerySessions): Promise<QueryRows> {
    return queryPostgresql(params, this.policy, job, sessions);
  }

  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult> {
    const ctx = pgErrorContextOf(params);
    return runStagedTest(this.policy, deadlineMs, onStage, {
      dbType: this.type,
      host: ctx.host,
      port: ctx.port,
      secrets: [params.password],
      tunnel: params.sshTunnel,
      tls: params.useSsl,
      open: async (at) => {
        const socket = new Socket();
        at.closeWith(() => socket.destroy());
        socket.once('connect', at.connected);
        const client = pgClientFor(params, at, {
          statementTimeoutMs: Math.max(1000, deadlineMs),
          applicationName: 'sluice',
          stream: () => socket,
        });
        client.on('error', () => undefined);
        at.closeWith(() => void client.end().catch(() => undefined));
        const connection = (
          client as unknown as { connection: NodeJS.EventEmitter & { stream: TLSSocket } }
        ).connection;
        connection.once('sslconnect', () => connection.stream.once('secureConnect', at.secured));
        await client.connect();
        return client;
      },
      probe: async (client, within) => {
        const { rows } = await within(client.query<PrivilegeRow>(VERSION_AND_PRIVILEGES_SQL));
        return { serverVersion: rows[0]?.version ?? null, privileges: privilegesOf(rows[0]) };
      },
      classify: (error) =>
        networkFailure(error, ctx.host, ctx.port, deadlineMs) ?? classifyPostgresError(error, ctx),
    });
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectPostgresql(params, this.policy, options);
  }
}
