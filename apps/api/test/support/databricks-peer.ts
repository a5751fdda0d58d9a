import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createRequire } from 'node:module';
import { inject } from 'vitest';
import { freePort } from './free-port';

/**
 * A Databricks SQL warehouse protocol peer for tests, since none ships anywhere: HTTPS (with the
 * certificate the test workers trust) carrying Thrift's binary protocol, as the warehouse's
 * `httpPath` does. It checks the bearer token (401 otherwise) and the path (404 otherwise), and
 * serves TCLIService's OpenSession, ExecuteStatement, GetOperationStatus, GetResultSetMetadata,
 * FetchResults, CloseOperation and CloseSession through the generated Thrift processor, with
 * column-based row sets the test supplies.
 */

export type DatabricksCell = string | null;
export interface DatabricksResult {
  columns: string[];
  rows: DatabricksCell[][];
}
export interface DatabricksSession {
  catalog: string;
  schema: string | null;
}
export interface DatabricksPeerOptions {
  httpPath: string;
  token: string;
  catalogs: string[];
  answer?: (sql: string, session: DatabricksSession) => DatabricksResult | undefined;
  /** The error a statement fails with, by its text. */
  fail?: (sql: string) => { message: string; sqlState: string } | undefined;
  /** Statements that run until the client cancels them. */
  stall?: (sql: string) => boolean;
}
export interface DatabricksPeer {
  port: number;
  statements: string[];
  /** The server-side timeout (seconds) each statement was sent with. */
  timeouts: (number | null)[];
  /** How many CancelOperation requests arrived. */
  cancels(): number;
  sessions: DatabricksSession[];
  openSessions(): number;
  close(): Promise<void>;
}

interface ThriftProtocol {
  flush(): void;
}
type TransportClass = {
  new (buffer: undefined, onFlush: (buf: Buffer) => void): unknown;
  receiver(callback: (transport: unknown) => void): (data: Buffer) => void;
};
const load = createRequire(__filename);
const thrift = load('thrift') as {
  TBufferedTransport: TransportClass;
  TBinaryProtocol: new (transport: unknown) => ThriftProtocol;
};
const { Processor } = load('@databricks/sql/thrift/TCLIService') as {
  Processor: new (handler: object) => { process(input: unknown, output: unknown): void };
};

const OK = { statusCode: 0 };
const error = (errorMessage: string, sqlState: string) => ({
  statusCode: 3,
  errorMessage,
  sqlState,
  errorCode: 0,
});
const STRING_TYPE = 7;
const RUNNING_STATE = 1;
const FINISHED_STATE = 2;
const CANCELED_STATE = 3;
const COLUMN_BASED_SET = 1;
const PROTOCOL_V8 = 42248;

type Handle = { guid: Buffer; secret: Buffer };
// The SDK reads the guid as a UUID, so it must be one.
const newHandle = (): Handle => ({
  guid: Buffer.from(randomUUID().replace(/-/g, ''), 'hex'),
  secret: randomBytes(16),
});
const keyOf = (handle: { guid?: Buffer } | undefined) => handle?.guid?.toString('hex') ?? '';

/** A column of strings with its null bitmap, as TStringColumn carries it. */
function stringColumn(values: DatabricksCell[]) {
  const nulls = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null) nulls[Math.floor(i / 8)]! |= 1 << (i % 8);
  });
  return { stringVal: { values: values.map((v) => v ?? ''), nulls } };
}

export async function startDatabricksPeer(options: DatabricksPeerOptions): Promise<DatabricksPeer> {
  const tls = inject('trustedTls');
  const statements: string[] = [];
  const sessions: DatabricksSession[] = [];
  const open = new Map<string, DatabricksSession>();
  const results = new Map<string, DatabricksResult>();
  const timeouts: (number | null)[] = [];
  const running = new Set<string>();
  let cancels = 0;

  const handler = {
    OpenSession(req: { initialNamespace?: { catalogName?: string; schemaName?: string } }) {
      const catalog = req.initialNamespace?.catalogName ?? options.catalogs[0] ?? 'main';
      if (!options.catalogs.includes(catalog)) {
        return {
          status: error(`[NO_SUCH_CATALOG_EXCEPTION] Catalog '${catalog}' was not found.`, '42704'),
          serverProtocolVersion: PROTOCOL_V8,
        };
      }
      const session = { catalog, schema: req.initialNamespace?.schemaName ?? null };
      const handle = newHandle();
      open.set(keyOf(handle), session);
      sessions.push(session);
      return {
        status: OK,
        serverProtocolVersion: PROTOCOL_V8,
        sessionHandle: { sessionId: handle },
      };
    },
    CloseSession(req: { sessionHandle?: { sessionId?: Handle } }) {
      open.delete(keyOf(req.sessionHandle?.sessionId));
      return { status: OK };
    },
    ExecuteStatement(req: {
      sessionHandle?: { sessionId?: Handle };
      statement: string;
      queryTimeout?: { toNumber(): number } | number;
    }) {
      const session = open.get(keyOf(req.sessionHandle?.sessionId));
      if (!session) return { status: error('Invalid SessionHandle', 'HY000') };
      statements.push(req.statement);
      const timeout = req.queryTimeout;
      timeouts.push(
        timeout === undefined
          ? null
          : Number(typeof timeout === 'number' ? timeout : timeout.toNumber()),
      );
      const failed = options.fail?.(req.statement);
      if (failed) return { status: error(failed.message, failed.sqlState) };
      const handle = newHandle();
      if (options.stall?.(req.statement)) running.add(keyOf(handle));
      results.set(
        keyOf(handle),
        options.answer?.(req.statement, session) ?? { columns: ['result'], rows: [] },
      );
      return {
        status: OK,
        operationHandle: { operationId: handle, operationType: 0, hasResultSet: true },
      };
    },
    // Each method takes exactly one parameter: the generated processor answers a one-parameter
    // handler's returned value, and waits for a callback from any other.
    GetOperationStatus(req: { operationHandle?: { operationId?: Handle } }) {
      const key = keyOf(req.operationHandle?.operationId);
      if (running.has(key))
        return { status: OK, operationState: RUNNING_STATE, hasResultSet: true };
      if (!results.has(key)) return { status: OK, operationState: CANCELED_STATE };
      return { status: OK, operationState: FINISHED_STATE, hasResultSet: true };
    },
    CancelOperation(req: { operationHandle?: { operationId?: Handle } }) {
      cancels += 1;
      const key = keyOf(req.operationHandle?.operationId);
      running.delete(key);
      results.delete(key);
      return { status: OK };
    },
    GetResultSetMetadata(req: { operationHandle?: { operationId?: Handle } }) {
      const result = results.get(keyOf(req.operationHandle?.operationId));
      return {
        status: OK,
        resultFormat: COLUMN_BASED_SET,
        schema: {
          columns: (result?.columns ?? []).map((columnName, i) => ({
            columnName,
            position: i + 1,
            typeDesc: { types: [{ primitiveEntry: { type: STRING_TYPE } }] },
          })),
        },
      };
    },
    FetchResults(req: { operationHandle?: { operationId?: Handle } }) {
      const key = keyOf(req.operationHandle?.operationId);
      const result = results.get(key) ?? { columns: [], rows: [] };
      results.set(key, { columns: result.columns, rows: [] }); // one fetch returns every row
      return {
        status: OK,
        hasMoreRows: false,
        results: {
          startRowOffset: 0,
          rows: [],
          columns: result.columns.map((_, j) => stringColumn(result.rows.map((r) => r[j] ?? null))),
        },
      };
    },
    CloseOperation(req: { operationHandle?: { operationId?: Handle } }) {
      results.delete(keyOf(req.operationHandle?.operationId));
      return { status: OK };
    },
  };
  const processor = new Processor(handler);

  const server = createServer(
    { cert: readFileSync(tls.cert), key: readFileSync(tls.key) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (new URL(req.url ?? '/', 'https://peer').pathname !== options.httpPath) {
          res.writeHead(404);
          return res.end('RESOURCE_DOES_NOT_EXIST');
        }
        if (req.headers.authorization !== `Bearer ${options.token}`) {
          res.writeHead(401);
          return res.end('Invalid access token.');
        }
        thrift.TBufferedTransport.receiver((transport) => {
          const output = new thrift.TBinaryProtocol(
            new thrift.TBufferedTransport(undefined, (buf) => {
              res.writeHead(200, { 'content-type': 'application/x-thrift' });
              res.end(buf);
            }),
          );
          processor.process(new thrift.TBinaryProtocol(transport), output);
        })(Buffer.concat(chunks));
      });
    },
  );
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    statements,
    timeouts,
    cancels: () => cancels,
    sessions,
    openSessions: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
