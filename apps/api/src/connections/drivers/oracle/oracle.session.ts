import oracledb from 'oracledb';
import type { CellRow } from '../core/catalog-builder';
import { textOption, type ConnectionParams, type Destination } from '../core/types';

export const ORACLE_PORT = 1521;

export interface OracleContext {
  host: string;
  port: number;
  serviceName: string | null;
  username: string | null;
}

export function oracleContextOf(params: ConnectionParams): OracleContext {
  return {
    host: params.host ?? '',
    port: params.port ?? ORACLE_PORT,
    serviceName: textOption(params, 'serviceName') || params.databaseName || null,
    username: params.username,
  };
}

/** Characters that would let a field's value rewrite an Oracle Net connect descriptor. */
const DESCRIPTOR_SYNTAX = /[()="\\\s]/;

/** The field whose value cannot go into a connect descriptor, if any. */
export function unsafeDescriptorField(ctx: OracleContext): string | null {
  if (ctx.serviceName && DESCRIPTOR_SYNTAX.test(ctx.serviceName)) return 'service name';
  return null;
}

/**
 * The connect descriptor Sluice builds from the fields: to the address the network policy
 * checked (TCPS to the host name, so that its certificate is checked against it), one try,
 * and timeouts in fractions of a second so the test's deadline holds.
 */
export function oracleDescriptor(
  params: ConnectionParams,
  { address, port }: Destination,
  timeoutMs: number,
): string {
  const ctx = oracleContextOf(params);
  const seconds = Math.max(0.2, timeoutMs / 1000).toFixed(1);
  const protocol = params.useSsl ? 'TCPS' : 'TCP';
  // Through a tunnel the local end is the only way in, whatever the certificate names.
  const host = params.useSsl && !params.sshTunnel ? ctx.host : address;
  return (
    `(DESCRIPTION=(CONNECT_TIMEOUT=${seconds})(TRANSPORT_CONNECT_TIMEOUT=${seconds})(RETRY_COUNT=0)` +
    `(ADDRESS=(PROTOCOL=${protocol})(HOST=${host})(PORT=${port}))` +
    `(CONNECT_DATA=${ctx.serviceName ? `(SERVICE_NAME=${ctx.serviceName})` : ''}))`
  );
}

export type OracleRow = CellRow;

/** An Oracle session in a read-only transaction (SET TRANSACTION READ ONLY), Thin mode. */
export class OracleSession {
  constructor(private readonly connection: oracledb.Connection) {}

  get serverVersion(): string {
    return this.connection.oracleServerVersionString;
  }

  async query(sql: string): Promise<OracleRow[]> {
    const result = await this.connection.execute<OracleRow>(sql, [], {
      outFormat: oracledb.OUT_FORMAT_OBJECT,
    });
    return result.rows ?? [];
  }

  close(): void {
    void this.connection.close().catch(() => undefined);
  }
}

export async function openOracle(
  params: ConnectionParams,
  destination: Destination,
  timeoutMs: number,
): Promise<OracleSession> {
  const connection = await oracledb.getConnection({
    user: params.username ?? '',
    password: params.password ?? '',
    connectString: oracleDescriptor(params, destination, timeoutMs),
  });
  const session = new OracleSession(connection);
  try {
    connection.callTimeout = Math.max(1, Math.round(timeoutMs));
    await connection.execute('SET TRANSACTION READ ONLY');
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}
