import { connect, isIP, type Socket } from 'node:net';
import { Connection, Request, type ConnectionConfiguration } from 'tedious';
import type { Cell, CellRow } from '../core/catalog-builder';
import { textOption, type ConnectionParams, type Destination } from '../core/types';
import type { SqlServerErrorContext } from './sqlserver.errors';

export const SQLSERVER_PORT = 1433;

export type SqlRow = CellRow;

/** What the error table needs to name the field to fix. */
export function sqlServerErrorContextOf(params: ConnectionParams): SqlServerErrorContext {
  return {
    host: params.host ?? '',
    port: params.port ?? SQLSERVER_PORT,
    databaseName: params.databaseName,
    username: params.username,
    instanceName: textOption(params, 'instanceName'),
  };
}

/** "Use SSL" or the type's own `encrypt`; `trustServerCertificate` skips the certificate check. */
export function sqlServerEncryption(params: ConnectionParams): {
  encrypt: boolean;
  trustServerCertificate: boolean;
} {
  const encrypt = params.options['encrypt'];
  return {
    encrypt: typeof encrypt === 'boolean' ? encrypt : params.useSsl,
    trustServerCertificate: params.options['trustServerCertificate'] === true,
  };
}

/** What happened on the wire, for the stages and the error table. */
export interface SqlServerWire {
  connectedAt: number;
  securedAt: number;
  /** Error numbers the server sent during login, in order (4060, 18456…). */
  loginErrors: number[];
  /** The client asked for encryption and the server answered that it has none. */
  downgradeRefused: boolean;
}

/** The encryption byte of a PRELOGIN reply (TDS packet header, then the option table). */
function preloginEncryption(packet: Buffer): number | undefined {
  if (packet.length < 9 || packet.readUInt8(0) !== 0x04) return undefined;
  for (let at = 8; at + 5 <= packet.length && packet.readUInt8(at) !== 0xff; at += 5) {
    if (packet.readUInt8(at) === 0x01) {
      const offset = 8 + packet.readUInt16BE(at + 1);
      return offset < packet.length ? packet.readUInt8(offset) : undefined;
    }
  }
  return undefined;
}

/** An open TDS session: every batch runs inside a transaction Sluice rolls back at close. */
export class SqlServerSession {
  constructor(readonly connection: Connection) {}

  query(sql: string): Promise<SqlRow[]> {
    return new Promise((resolve, reject) => {
      const rows: SqlRow[] = [];
      const request = new Request(sql, (error) => (error ? reject(error) : resolve(rows)));
      request.on('row', (columns: { metadata: { colName: string }; value: unknown }[]) => {
        const row: SqlRow = {};
        for (const column of columns) row[column.metadata.colName] = column.value as Cell;
        rows.push(row);
      });
      this.connection.execSqlBatch(request);
    });
  }

  close(): void {
    this.connection.close();
  }
}

/**
 * How Sluice opens every SQL Server session: a socket to the address the network policy checked
 * (the typed host name only names the certificate), encryption as the user chose and never
 * silently less, and a transaction that is rolled back, since T-SQL has no read-only session.
 */
export async function openSqlServer(
  params: ConnectionParams,
  { address, port }: Destination,
  timeoutMs: number,
  wire: SqlServerWire,
  onSocket: (socket: Socket) => void,
): Promise<SqlServerSession> {
  const { encrypt, trustServerCertificate } = sqlServerEncryption(params);
  const instanceName = params.port || params.sshTunnel ? null : textOption(params, 'instanceName');
  const host = params.host ?? '';
  // tedious passes the port (looked up from the instance name if need be) to its connector.
  const connector = (options: { port: number }) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: address, port: options.port });
      onSocket(socket);
      socket.once('error', reject);
      socket.once('connect', () => {
        wire.connectedAt = performance.now();
        socket.off('error', reject);
        if (encrypt) {
          socket.once('data', (reply: Buffer) => {
            const answer = preloginEncryption(reply);
            if (answer === 0x00 || answer === 0x02) {
              wire.downgradeRefused = true;
              socket.destroy(); // before the login, which would otherwise travel in clear
              refuseDowngrade(new Error('The server does not support encryption'));
            }
          });
        }
        resolve(socket);
      });
    });
  const config: ConnectionConfiguration = {
    server: address,
    authentication: {
      type: 'default',
      options: { userName: params.username ?? '', password: params.password ?? '' },
    },
    options: {
      ...(instanceName ? { instanceName } : { port }),
      ...(params.databaseName && { database: params.databaseName }),
      ...(host && !isIP(host) && { serverName: host }),
      encrypt,
      trustServerCertificate,
      appName: 'Sluice',
      connectTimeout: Math.max(1000, Math.round(timeoutMs)),
      requestTimeout: Math.max(1000, Math.round(timeoutMs)),
      connector: connector as unknown as () => Promise<Socket>,
    },
  };
  let refuseDowngrade: (error: Error) => void = () => undefined;
  const downgraded = new Promise<never>((_, reject) => (refuseDowngrade = reject));
  downgraded.catch(() => undefined);
  const connection = new Connection(config);
  connection.on('errorMessage', (token) => wire.loginErrors.push(token.number));
  connection.on('secure', () => (wire.securedAt = performance.now()));
  connection.on('error', () => undefined);
  await Promise.race([
    new Promise<void>((resolve, reject) =>
      connection.connect((error) => (error ? reject(error) : resolve())),
    ),
    downgraded,
  ]).catch((error: unknown) => {
    connection.close();
    throw error;
  });
  const session = new SqlServerSession(connection);
  await session.query('SET XACT_ABORT ON; BEGIN TRANSACTION').catch((error: unknown) => {
    session.close();
    throw error;
  });
  return session;
}

export function newSqlServerWire(): SqlServerWire {
  return { connectedAt: 0, securedAt: 0, loginErrors: [], downgradeRefused: false };
}
