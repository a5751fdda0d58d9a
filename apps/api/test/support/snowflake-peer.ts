import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { inject } from 'vitest';
import { freePort } from './free-port';

/**
 * A Snowflake protocol peer for tests, since no Snowflake ships anywhere: an HTTPS server (with
 * the certificate the test workers trust) that answers the SDK's login request with a session
 * or with Snowflake's error codes, checks key-pair logins by verifying the JWT against the
 * user's public key, and answers queries with JSON row sets the test supplies.
 */

export type SnowflakeCell = string | null;
export interface SnowflakeResult {
  columns: string[];
  rows: SnowflakeCell[][];
  /** Each column's rowtype (`text` unless given): `fixed`, `real`, `boolean`, `date`… */
  types?: { type: string; scale?: number; precision?: number }[];
}
export interface SnowflakeUser {
  password?: string;
  /** PEM public key for key-pair logins. */
  publicKey?: string;
  roles: string[];
}
export interface SnowflakeSession {
  user: string;
  database: string | null;
  warehouse: string | null;
  role: string;
}
export interface SnowflakePeerOptions {
  account: string;
  users: Record<string, SnowflakeUser>;
  databases: string[];
  warehouses: string[];
  answer?: (sql: string, session: SnowflakeSession) => SnowflakeResult | undefined;
  /** The error a statement fails with, by its text (e.g. 003001, insufficient privileges). */
  fail?: (sql: string) => { code: string; message: string } | undefined;
  /** Statements that run until the client aborts them. */
  stall?: (sql: string) => boolean;
  /** Answer every login with this Snowflake error instead (e.g. 390422, an IP not allowed). */
  loginError?: { code: string; message: string };
}
export interface SnowflakePeer {
  url: string;
  port: number;
  logins: { user: string; authenticator: string; query: Record<string, string> }[];
  queries: string[];
  /** The statement parameters each query was sent with. */
  parameters: Record<string, unknown>[];
  /** How many abort requests arrived. */
  aborts(): number;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let raw = Buffer.concat(chunks);
  if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
  return raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const field = (data: Record<string, unknown>, name: string): string => {
  const value = data[name];
  return typeof value === 'string' ? value : '';
};

const failure = (code: string, message: string) => ({ data: null, code, message, success: false });

/** RS256 over "header.payload", as Snowflake checks a key-pair login's JWT. */
function jwtValid(token: string, publicKey: KeyObject): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  return verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, 'base64url'),
  );
}

export async function startSnowflakePeer(options: SnowflakePeerOptions): Promise<SnowflakePeer> {
  const tls = inject('trustedTls');
  const logins: SnowflakePeer['logins'] = [];
  const queries: string[] = [];
  const parameters: Record<string, unknown>[] = [];
  const stalled = new Map<string, ServerResponse>();
  let aborts = 0;
  const sessions = new Map<string, SnowflakeSession>();

  const login = (data: Record<string, unknown>, query: URLSearchParams) => {
    const user = field(data, 'LOGIN_NAME');
    const authenticator = field(data, 'AUTHENTICATOR') || 'SNOWFLAKE';
    logins.push({ user, authenticator, query: Object.fromEntries(query) });
    if (options.loginError) return failure(options.loginError.code, options.loginError.message);
    const account = options.users[user];
    const proved =
      authenticator === 'SNOWFLAKE_JWT'
        ? !!account?.publicKey && jwtValid(field(data, 'TOKEN'), createPublicKey(account.publicKey))
        : !!account?.password && account.password === data['PASSWORD'];
    if (!account || !proved) {
      return authenticator === 'SNOWFLAKE_JWT'
        ? failure('390144', 'JWT token is invalid.')
        : failure('390100', 'Incorrect username or password was specified.');
    }
    const role = query.get('roleName') ?? account.roles[0] ?? 'PUBLIC';
    if (!account.roles.includes(role)) {
      return failure(
        '390189',
        `Role '${role}' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
      );
    }
    // Like Snowflake, an unknown database or warehouse does not fail the login: the session
    // simply has none.
    const database = query.get('databaseName');
    const warehouse = query.get('warehouse');
    const session: SnowflakeSession = {
      user,
      role,
      database: database && options.databases.includes(database) ? database : null,
      warehouse: warehouse && options.warehouses.includes(warehouse) ? warehouse : null,
    };
    const token = `token-${sessions.size + 1}`;
    sessions.set(token, session);
    return {
      data: {
        masterToken: `master-${token}`,
        token,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        displayUserName: user,
        serverVersion: '9.38.1',
        firstLogin: false,
        sessionId: sessions.size,
        parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
        sessionInfo: {
          databaseName: session.database,
          schemaName: null,
          warehouseName: session.warehouse,
          roleName: role,
        },
      },
      code: null,
      message: null,
      success: true,
    };
  };

  const run = (data: Record<string, unknown>, session: SnowflakeSession) => {
    const sql = field(data, 'sqlText');
    queries.push(sql);
    parameters.push((data['parameters'] as Record<string, unknown> | undefined) ?? {});
    const failed = options.fail?.(sql);
    if (failed) return failure(failed.code, failed.message);
    const result = options.answer?.(sql, session) ?? { columns: ['status'], rows: [['ok']] };
    return {
      data: {
        parameters: [],
        rowtype: result.columns.map((name, i) => ({
          name,
          database: '',
          schema: '',
          table: '',
          type: result.types?.[i]?.type ?? 'text',
          nullable: true,
          length: 16777216,
          byteLength: 16777216,
          scale: result.types?.[i]?.scale ?? null,
          precision: result.types?.[i]?.precision ?? null,
          collation: null,
        })),
        rowset: result.rows,
        total: result.rows.length,
        returned: result.rows.length,
        queryId: `query-${queries.length}`,
        queryResultFormat: 'json',
        finalDatabaseName: session.database,
        finalRoleName: session.role,
        finalWarehouseName: session.warehouse,
        statementTypeId: 4096,
        version: 1,
      },
      code: null,
      message: null,
      success: true,
    };
  };

  const server = createServer(
    { cert: readFileSync(tls.cert), key: readFileSync(tls.key) },
    (req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'https://peer');
        const body = await bodyOf(req);
        const data = (body['data'] ?? body) as Record<string, unknown>;
        if (url.pathname === '/session/v1/login-request') {
          return send(res, login(data, url.searchParams));
        }
        const token = /Token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const session = sessions.get(token);
        if (!session) return send(res, failure('390104', 'Session token invalid'));
        if (url.pathname === '/queries/v1/query-request') {
          if (options.stall?.(field(body, 'sqlText'))) {
            queries.push(field(body, 'sqlText'));
            stalled.set(url.searchParams.get('requestId') ?? '', res);
            return undefined;
          }
          return send(res, run(body, session));
        }
        if (url.pathname === '/queries/v1/abort-request') {
          aborts += 1;
          const held = stalled.get(field(body, 'requestId'));
          stalled.delete(field(body, 'requestId'));
          if (held) send(held, failure('000604', 'SQL execution canceled'));
        }
        if (url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
          sessions.delete(token);
        }
        return send(res, { data: null, code: null, message: null, success: true });
      })().catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    },
  );
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    logins,
    queries,
    parameters,
    aborts: () => aborts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
