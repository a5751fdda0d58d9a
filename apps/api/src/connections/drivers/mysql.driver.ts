import { connect, type Socket } from 'node:net';
import { NetworkPolicy } from './network-policy';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { IntrospectOptions } from './introspection';
import { introspectMysql } from './mysql.introspect';
import type { ConnectionParams, DatabaseDriver } from './driver.interface';
import { classifyMysqlError } from './mysql.errors';
import { MYSQL_PORT, mysqlErrorContextOf, mysqlSessionOptions } from './mysql.session';
import { networkFailure, resolveStage, timeoutFailure } from './network';
import { DeadlineError, scrubSecrets, TestRun } from './test-run';

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

  async test(params: ConnectionParams, deadlineMs: number): Promise<TestResult> {
    const run = new TestRun(deadlineMs);
    const ctx = mysqlErrorContextOf(params);
    const host = ctx.host;
    const port = params.port ?? MYSQL_PORT;
    const classify = (error: unknown) =>
      networkFailure(error, host, port, deadlineMs) ?? classifyMysqlError(error, ctx);
    const resolved = await resolveStage(run, this.policy, host, port, classify);
    if ('failed' in resolved) return resolved.failed;

    let socket: Socket | undefined;
    let connection: Connection | undefined;
    const close = () => {
      socket?.destroy();
      connection?.destroy();
    };
    let stage: 'connect' | 'authenticate' | 'query' = 'connect';
    try {
      socket = connect({ host: resolved.address, port });
      const opened = socket;
      await run.within(
        'connect',
        new Promise<void>((resolve, reject) => {
          opened.once('connect', resolve);
          opened.once('error', reject);
        }),
        close,
      );
      run.pass('connect');
      stage = 'authenticate';
      connection = await run.within(
        'authenticate',
        createConnection(mysqlSessionOptions(params, opened, Math.max(1000, run.remainingMs()))),
        close,
      );
      run.pass('authenticate');
      stage = 'query';
      const session = connection;
      // Every statement Sluice runs here runs in a read-only transaction.
      await run.within('query', session.query('SET SESSION TRANSACTION READ ONLY'), close);
      const [versionRows] = await run.within(
        'query',
        session.query<RowDataPacket[]>('SELECT VERSION() AS version'),
        close,
      );
      const [grantRows] = await run.within(
        'query',
        session.query<RowDataPacket[]>('SHOW GRANTS'),
        close,
      );
      run.pass('query');
      const grants = grantRows.map((row) => String(Object.values(row)[0]));
      return run.success(
        versionLabel(String(versionRows[0]?.['version'] ?? '')),
        privilegesFromGrants(grants),
      );
    } catch (error) {
      let failure =
        error instanceof DeadlineError ? timeoutFailure(host, port, deadlineMs) : classify(error);
      // MariaDB answers a plain login under require_secure_transport with "Access denied": the
      // same credentials tried once over TLS tell a wrong password from a missing "Use SSL".
      if (
        failure.errorCode === 'AUTH_FAILED' &&
        !params.useSsl &&
        (await this.acceptsOverTls(resolved.address, params, run))
      ) {
        failure = classifyMysqlError({ errno: 3159 }, ctx);
      }
      const failedStage =
        failure.errorCode === 'TLS_FAILED' || failure.errorCode === 'TLS_REQUIRED' ? 'tls' : stage;
      return run.failure(failedStage, {
        ...failure,
        message: scrubSecrets(failure.message, [params.password]),
      });
    } finally {
      close();
    }
  }

  private async acceptsOverTls(
    address: string,
    params: ConnectionParams,
    run: TestRun,
  ): Promise<boolean> {
    if (run.remainingMs() < 500) return false;
    const socket = connect({ host: address, port: params.port ?? MYSQL_PORT });
    // Any TLS will do for this question: the certificate is not what is being asked about.
    const overTls = { ...params, useSsl: true, options: { verifyServerCertificate: false } };
    const probe = await createConnection(
      mysqlSessionOptions(overTls, socket, run.remainingMs()),
    ).catch(() => undefined);
    probe?.destroy();
    socket.destroy();
    return probe !== undefined;
  }

  introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    return introspectMysql(params, this.policy, options);
  }
}
