import { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { NetworkPolicy } from './network-policy';
import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { IntrospectOptions } from './introspection';
import { introspectPostgresql } from './postgresql.introspect';
import type { ConnectionParams, DatabaseDriver } from './driver.interface';
import { networkFailure, resolveStage, timeoutFailure } from './network';
import { classifyPostgresError } from './postgresql.errors';
import { pgClientFor, pgErrorContextOf } from './postgresql.session';
import { DeadlineError, scrubSecrets, TestRun } from './test-run';

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

  async test(params: ConnectionParams, deadlineMs: number): Promise<TestResult> {
    const run = new TestRun(deadlineMs);
    const ctx = pgErrorContextOf(params);
    const { host, port } = ctx;
    const secrets = [params.password];

    const resolved = await resolveStage(run, this.policy, host, port, (error) =>
      classifyPostgresError(error, ctx),
    );
    if ('failed' in resolved) return resolved.failed;
    const { address } = resolved;

    const socket = new Socket();
    const at: { phase: 'connect' | 'tls' | 'authenticate' | 'query' } = { phase: 'connect' };
    let connectedAt = 0;
    let secureAt = 0;
    socket.once('connect', () => {
      connectedAt = performance.now();
      at.phase = params.useSsl ? 'tls' : 'authenticate';
    });
    const client = pgClientFor(params, address, {
      statementTimeoutMs: Math.max(1000, deadlineMs),
      applicationName: 'sluice',
      stream: () => socket,
    });
    client.on('error', () => undefined);
    const connection = (
      client as unknown as { connection: NodeJS.EventEmitter & { stream: TLSSocket } }
    ).connection;
    connection.once('sslconnect', () =>
      connection.stream.once('secureConnect', () => {
        secureAt = performance.now();
        at.phase = 'authenticate';
      }),
    );
    const close = () => {
      socket.destroy();
      void client.end().catch(() => undefined);
    };

    try {
      await run.within('authenticate', client.connect(), close);
      run.pass('connect', connectedAt);
      if (params.useSsl) run.pass('tls', secureAt);
      run.pass('authenticate');
      at.phase = 'query';
      const { rows } = await run.within(
        'query',
        client.query<PrivilegeRow>(VERSION_AND_PRIVILEGES_SQL),
        close,
      );
      run.pass('query');
      return run.success(rows[0]?.version ?? null, privilegesOf(rows[0]));
    } catch (error) {
      if (at.phase !== 'query' && at.phase !== 'connect') run.pass('connect', connectedAt);
      if (at.phase === 'authenticate' && params.useSsl) run.pass('tls', secureAt);
      const failure =
        error instanceof DeadlineError
          ? timeoutFailure(host, port, deadlineMs)
          : (networkFailure(error, host, port, deadlineMs) ?? classifyPostgresError(error, ctx));
      return run.failure(at.phase, { ...failure, message: scrubSecrets(failure.message, secrets) });
    } finally {
      close();
    }
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectPostgresql(params, this.policy, options);
  }
}
