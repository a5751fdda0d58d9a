import type { DBSQLClient } from '@databricks/sql';
import type IDBSQLSession from '@databricks/sql/dist/contracts/IDBSQLSession';
import type IOperation from '@databricks/sql/dist/contracts/IOperation';
import type { CellRow } from '../core/catalog-builder';
import { textOption, type ConnectionParams } from '../core/types';

export const DATABRICKS_PORT = 443;

export interface DatabricksContext {
  host: string;
  port: number;
  httpPath: string;
  catalog: string | null;
  schema: string | null;
}

export function databricksContextOf(params: ConnectionParams): DatabricksContext {
  return {
    host: params.host ?? '',
    port: params.port ?? DATABRICKS_PORT,
    httpPath: textOption(params, 'httpPath') ?? '',
    catalog: textOption(params, 'catalog') ?? params.databaseName ?? null,
    schema: textOption(params, 'schema'),
  };
}

/** The SDK logs to the console by default; Sluice has its own redacting logger. */
const silent = { log: () => undefined };

/** An open warehouse session; Sluice only ever sends it SELECT statements. */
export class DatabricksSession {
  constructor(
    private readonly client: DBSQLClient,
    private readonly session: IDBSQLSession | undefined,
  ) {}

  /** Starts one statement; the caller fetches, cancels and closes the operation. */
  execute(sql: string, queryTimeoutSeconds: number): Promise<IOperation> {
    if (!this.session) return Promise.reject(new Error('The session is not open'));
    return this.session.executeStatement(sql, { queryTimeout: queryTimeoutSeconds });
  }

  async query(sql: string): Promise<CellRow[]> {
    if (!this.session) throw new Error('The session is not open');
    const operation = await this.session.executeStatement(sql);
    try {
      return (await operation.fetchAll()) as CellRow[];
    } finally {
      await operation.close().catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return (this.session?.close() ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.client.close())
      .then(
        () => undefined,
        () => undefined,
      );
  }
}

/**
 * How Sluice opens a Databricks SQL warehouse session: HTTPS to the host and `httpPath`, the
 * personal access token in the password field, one attempt (the test has its own deadline),
 * no telemetry, and the catalog and schema as the session's namespace.
 */
export async function openDatabricks(
  params: ConnectionParams,
  timeoutMs: number,
  onClient: (client: DBSQLClient) => void,
): Promise<DatabricksSession> {
  const ctx = databricksContextOf(params);
  // Loaded on first use, like Snowflake's SDK: Apache Arrow and Thrift weigh 16 MB.
  const { DBSQLClient } = await import('@databricks/sql');
  const client = new DBSQLClient({ logger: silent });
  onClient(client);
  await client.connect({
    host: ctx.host,
    port: ctx.port,
    path: ctx.httpPath,
    token: params.password ?? '',
    socketTimeout: Math.max(1000, Math.round(timeoutMs)),
    retryMaxAttempts: 1,
    telemetryEnabled: false,
  });
  const session = await client.openSession({
    ...(ctx.catalog && { initialCatalog: ctx.catalog }),
    ...(ctx.schema && { initialSchema: ctx.schema }),
  });
  return new DatabricksSession(client, session);
}
