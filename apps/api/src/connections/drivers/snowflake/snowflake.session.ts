import type snowflake from 'snowflake-sdk';
import type { CellRow } from '../core/catalog-builder';
import { textOption, type ConnectionParams } from '../core/types';

export const SNOWFLAKE_PORT = 443;

type SnowflakeSdk = typeof snowflake;
let loaded: Promise<SnowflakeSdk> | undefined;

/**
 * The SDK, loaded on first use: it brings the AWS and Azure SDKs (55 MB and 0.3 s at start-up).
 * It logs to a file and the console by default; Sluice has its own redacting logger. The
 * certificate's chain and name are verified (the test's tls stage, and Node's agent); the SDK's
 * own OCSP revocation check is off, since it stalls every login for its timeouts wherever the
 * OCSP responders cannot be reached, as in most self-hosted networks.
 */
function snowflakeSdk(): Promise<SnowflakeSdk> {
  loaded ??= import('snowflake-sdk').then((module) => {
    const sdk = (module as { default?: SnowflakeSdk }).default ?? module;
    sdk.configure({ logLevel: 'OFF', disableOCSPChecks: true });
    return sdk;
  });
  return loaded;
}

export interface SnowflakeContext {
  host: string;
  port: number;
  account: string;
  databaseName: string | null;
  username: string | null;
  warehouse: string | null;
  role: string | null;
  keyPair: boolean;
}

export function snowflakeContextOf(params: ConnectionParams): SnowflakeContext {
  return {
    host: params.host ?? '',
    port: params.port ?? SNOWFLAKE_PORT,
    account: textOption(params, 'account') ?? '',
    databaseName: params.databaseName,
    username: params.username,
    warehouse: textOption(params, 'warehouse'),
    role: textOption(params, 'role'),
    keyPair: textOption(params, 'authenticator') === 'key_pair',
  };
}

/** An open Snowflake session; Sluice only ever sends it SELECT and SHOW statements. */
export class SnowflakeSession {
  constructor(readonly connection: snowflake.Connection) {}

  query(sqlText: string): Promise<CellRow[]> {
    return new Promise((resolve, reject) => {
      this.connection.execute({
        sqlText,
        complete: (error, _statement, rows) =>
          error ? reject(error) : resolve((rows ?? []) as CellRow[]),
      });
    });
  }

  close(): void {
    this.connection.destroy(() => undefined);
  }
}

/** How Sluice logs in to Snowflake: always over HTTPS, by password or by key pair (JWT). */
export async function openSnowflake(
  params: ConnectionParams,
  timeoutMs: number,
  onConnection: (connection: snowflake.Connection) => void,
): Promise<SnowflakeSession> {
  const sdk = await snowflakeSdk();
  const ctx = snowflakeContextOf(params);
  const schema = textOption(params, 'schema');
  const credentials = ctx.keyPair
    ? {
        authenticator: 'SNOWFLAKE_JWT',
        privateKey: params.privateKey ?? '',
        ...(params.privateKeyPassphrase && { privateKeyPass: params.privateKeyPassphrase }),
      }
    : { password: params.password ?? '' };
  const connection = sdk.createConnection({
    account: ctx.account,
    accessUrl: `https://${ctx.host}:${ctx.port}`,
    username: params.username ?? '',
    ...credentials,
    ...(params.databaseName && { database: params.databaseName }),
    ...(schema && { schema }),
    ...(ctx.warehouse && { warehouse: ctx.warehouse }),
    ...(ctx.role && { role: ctx.role }),
    timeout: Math.max(1000, Math.round(timeoutMs)),
    clientSessionKeepAlive: false,
  });
  onConnection(connection);
  return new Promise((resolve, reject) =>
    connection.connect((error) =>
      error ? reject(error) : resolve(new SnowflakeSession(connection)),
    ),
  );
}
