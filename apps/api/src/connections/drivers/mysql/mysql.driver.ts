import { connect } from 'node:net';
import { NetworkPolicy } from '../../network/network-policy';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { CatalogObject, TestResult } from '@sluice/contracts';
import type {
  ConnectionParams,
  Destination,
  DatabaseDriver,
  IntrospectOptions,
  QueryJob,
  QueryRows,
  QuerySessions,
  StageListener,
} from '../core/types';
import { queryMysql } from './mysql.query';
import { introspectMysql } from './mysql.introspect';
import { classifyMysqlError } from './mysql.errors';
import { MYSQL_PORT, mysqlErrorContextOf, mysqlSessionOptions } from './mysql.session';
import { networkFailure } from '../core/network-failures';
import { runStagedTest } from '../core/staged-test';

const WRITE_PRIVILEGE =
  /\b(ALL PRIVILEGES|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|INDEX|TRUNCATE|EXECUTE)\b/i;

/** Reads SHOW GRANTS: what this credential could change if Sluice let it. */
export function privilegesFromGrants(grants: string[]): NonNullable<TestResult['privileges']> {
  const superuser = grants.some(
    (g) => /ALL PRIVILEGES ON \*\.\*/i.test(g) || /\bSUPER\b.* ON \*\.\*/i.test(g),
  );
  const writing = grants.filter(
    (g) => WRITE_PRIVILEGE.test(g.replace(/GRANT OPTION/i, '')) && !/^GRANT USAGE/i.test(g),
  );
  const notes = superuser
    ? ['The user holds all privileges on every database: it can change anything on this server.']
    : writing.length > 0
      ? writing.map((g) => `Write privilege: ${g.replace(/ IDENTIFIED BY .*$/i, '')}`)
      : ['The user can only read: no write privilege was found.'];
  return { canWrite: superuser || writing.length > 0, superuser, notes };
}

export function versionLabel(version: string): string {
  const number = /^[\d.]+/.exec(version)?.[0] ?? version;
  return /mariadb/i.test(version) ? `MariaDB ${number}` : `MySQL ${number}`;
}

export class MysqlDriver implements DatabaseDriver {
  constructor(private readonly policy: NetworkPolicy) {}

  readonly type = 'mysql' as const;

  query(params: ConnectionParams, job: QueryJob, sessions?: QuerySessions): Promise<QueryRows> {
    return queryMysql(params, this.policy, job, sessions);
  }

  test(params: ConnectionParams, deadlineMs: number, onStage?: StageListener): Promise<TestResult> {
    const ctx = mysqlErrorContextOf(params);
    const port = params.port ?? MYSQL_PORT;
    return runStagedTest(this.policy, deadlineMs, onStage, {
      dbType: this.type,
      host: ctx.host,
      port,
      secrets: [params.password],
      tunnel: params.sshTunnel,
      open: async (at) => {
        const socket = connect({ host: at.address, port: at.port });
        at.closeWith(() => socket.destroy());
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        });
        at.connected();
        const connection = await createConnection(
          mysqlSessionOptions(params, socket, Math.max(1000, at.remainingMs())),
        );
        at.closeWith(() => connection.destroy());
        return connection;
      },
      probe: async (session, within) => {
        // Every statement Sluice runs here runs in a read-only transaction.
        await within(session.query('SET SESSION TRANSACTION READ ONLY'));
        const [versionRows] = await within(
          session.query<RowDataPacket[]>('SELECT VERSION() AS version'),
        );
        const [grantRows] = await within(session.query<RowDataPacket[]>('SHOW GRANTS'));
        const grants = grantRows.map((row) => String(Object.values(row)[0]));
        return {
          serverVersion: versionLabel(String(versionRows[0]?.['version'] ?? '')),
          privileges: privilegesFromGrants(grants),
        };
      },
      classify: (error) =>
        networkFailure(error, ctx.host, port, deadlineMs) ?? classifyMysqlError(error, ctx),
      // MariaDB answers a plain login under require_secure_transport with "Access denied": the
      // same credentials tried once over TLS tell a wrong password from a missing "Use SSL".
      reconsider: async (failure, at) =>
        failure.errorCode === 'AUTH_FAILED' &&
        !params.useSsl &&
        (await acceptsOverTls(at, params, at.remainingMs()))
          ? classifyMysqlError({ errno: 3159 }, ctx)
          : failure,
    });
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectMysql(params, this.policy, options);
  }
}

/** Whether the server takes these credentials over TLS: any TLS, the certificate is not asked about. */
async function acceptsOverTls(
  { address, port }: Destination,
  params: ConnectionParams,
  remainingMs: number,
): Promise<boolean> {
  if (remainingMs < 500) return false;
  const socket = connect({ host: address, port });
  const overTls = { ...params, useSsl: true, options: { verifyServerCertificate: false } };
  try {
    const probe = await createConnection(mysqlSessionOptions(overTls, socket, remainingMs)).catch(
      () => undefined,
    );
    probe?.destroy();
    return probe !== undefined;
  } finally {
    socket.destroy();
  }
}
