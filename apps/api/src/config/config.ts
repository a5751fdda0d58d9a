import { resolve } from 'node:path';
import { envSchema, type Env } from './config.schema';
import { loadOrCreateSecrets } from './generated-secrets';
import { isValidJwtSecret, keyIdOf, parseEncryptionKey } from './keys';
import { parseCidrList } from './cidr';
import { ConfigError } from './config-error';
import { embeddingsConfigOf, type EmbeddingsConfig } from './embeddings-config';

export interface AppConfig {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  embeddedDb: { port: number; password: string };
  /** The key new secrets are written with, and every key old ones may have been written with. */
  encryption: { key: Buffer; keyId: string; keyring: ReadonlyMap<string, Buffer> };
  jwtSecret: string;
  admin: { email: string; password: string | undefined };
  logLevel: Env['LOG_LEVEL'];
  sessionTtlSeconds: number;
  cookieSecure: boolean | undefined;
  /**
   * Which proxies' X-Forwarded-For is believed: none, a number of hops in front of Sluice, or
   * the proxies' addresses. The client is the right-most address no trusted proxy added.
   */
  trustProxy: false | number | string[];
  loginThrottle: { maxFailures: number; windowSeconds: number };
  webDistDir: string | undefined;
  connectionTestTimeoutMs: number;
  /** Connection tests running at once: in all, and for one user (more answer 429). */
  connectionTestConcurrency: { total: number; perUser: number };
  requirePassingTest: boolean;
  sqliteRoot: string;
  network: { blocked: string[]; allowed: string[]; blockPrivate: boolean };
  /** `api` serves HTTP only, `worker` runs schema syncs only, `all` does both. */
  role: Env['SLUICE_ROLE'];
  schemaSync: {
    timeoutMs: number;
    concurrency: number;
    retryDelaySeconds: number;
    /** The heap of the thread that reads one schema, and the most objects a catalog may hold. */
    memoryMb: number;
    maxObjects: number;
  };
  /** The heap of the thread that runs one connection test. */
  connectionTestMemoryMb: number;
  /** Queries through Sluice: at once in all and per user (429 beyond), and each thread's heap. */
  query: {
    concurrency: { total: number; perUser: number };
    memoryMb: number;
    threads: number;
    /** How long an open target session is kept for the next query; 0 keeps none. */
    sessionIdleSeconds: number;
  };
  /**
   * Scheduled schema syncs: whether this process's workers queue them, how often they look for
   * due ones, and the time zone schedules are read in (the instance's own unless set).
   */
  schedules: { enabled: boolean; intervalSeconds: number; timeZone: string };
  /** Health checks: how long their history is kept, and how many one process runs at once. */
  health: { retentionDays: number; concurrency: number };
  alerts: { afterFailures: number; retryDelaySeconds: number; publicUrl: string };
  provisioningDir: string | null;
  /**
   * The MCP endpoint's DNS-rebinding defence: the Host names (host or host:port) and browser
   * Origins it answers besides its own; with no hosts listed, a loopback listener answers only
   * loopback names. An assistant's query stops after queryTimeoutMs.
   */
  mcp: { allowedHosts: string[]; allowedOrigins: string[]; queryTimeoutMs: number };
  /** Search by meaning: which embedding provider, if any, makes the catalog's vectors. */
  embeddings: EmbeddingsConfig;
  /** Warnings to log once the logger exists (config loads before it). */
  warnings: string[];
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export { ConfigError } from './config-error';

function fail(variable: string, problem: string): never {
  throw new ConfigError(`Invalid configuration: ${variable} ${problem}`);
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'is invalid');
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR);
  const warnings: string[] = [];

  if (isProduction && !env.ENCRYPTION_KEY && !env.ENCRYPTION_KEYS)
    fail('ENCRYPTION_KEY', 'is required when NODE_ENV=production (or ENCRYPTION_KEYS)');
  if (isProduction && !env.JWT_SECRET) fail('JWT_SECRET', 'is required when NODE_ENV=production');

  const needsGenerated =
    (!env.ENCRYPTION_KEY && !env.ENCRYPTION_KEYS) || !env.JWT_SECRET || !env.DATABASE_URL;
  const generated = needsGenerated ? loadOrCreateSecrets(dataDir) : undefined;
  if (generated?.created && ((!env.ENCRYPTION_KEY && !env.ENCRYPTION_KEYS) || !env.JWT_SECRET)) {
    warnings.push(
      `Generated development keys into ${dataDir}/secrets.json; set ENCRYPTION_KEY and JWT_SECRET in production.`,
    );
  }

  const keys = env.ENCRYPTION_KEYS
    ? parseKeyList(env.ENCRYPTION_KEYS)
    : parseKeyList(env.ENCRYPTION_KEY ?? generated?.secrets.encryptionKey ?? '', 'ENCRYPTION_KEY');
  const current = keys[0];
  if (!current)
    fail(
      'ENCRYPTION_KEY',
      'must be 32 bytes: base64 (openssl rand -base64 32) or 64 hex characters',
    );
  const single = env.ENCRYPTION_KEY ? parseEncryptionKey(env.ENCRYPTION_KEY) : null;
  if (env.ENCRYPTION_KEYS && single && !keys.some((k) => k.key.equals(single))) {
    warnings.push(
      'ENCRYPTION_KEY is set but is not among ENCRYPTION_KEYS, so it is ignored: credentials saved under it cannot be read. List it in ENCRYPTION_KEYS (after the current key) until a rotation has moved them.',
    );
  }
  const jwtSecret = env.JWT_SECRET ?? generated?.secrets.jwtSecret ?? '';
  if (!isValidJwtSecret(jwtSecret)) fail('JWT_SECRET', 'must be at least 32 characters');
  if (isProduction) {
    const weak = keys.find((k) => isLowEntropy(k.key));
    if (weak)
      fail(
        env.ENCRYPTION_KEYS ? 'ENCRYPTION_KEYS' : 'ENCRYPTION_KEY',
        `has a key with too little randomness (${weak.id}): make one with openssl rand -base64 32`,
      );
    if (isLowEntropy(Buffer.from(jwtSecret, 'utf8')))
      fail('JWT_SECRET', 'has too little randomness: make one with openssl rand -base64 48');
  }

  return {
    env: env.NODE_ENV,
    isProduction,
    // Development listens on this machine only (a generated admin password is on its console);
    // production on every interface unless HOST says otherwise.
    host: env.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    port: env.PORT,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    embeddedDb: {
      port: env.EMBEDDED_DB_PORT,
      password: generated?.secrets.embeddedDbPassword ?? '',
    },
    encryption: {
      key: current.key,
      keyId: current.id,
      keyring: keyringOf(keys),
    },
    jwtSecret,
    admin: { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD },
    logLevel: env.LOG_LEVEL,
    sessionTtlSeconds: env.SESSION_TTL_MINUTES * 60,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: trustProxyOf(env.TRUST_PROXY, warnings),
    loginThrottle: { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS },
    webDistDir: env.WEB_DIST_DIR ? resolve(env.WEB_DIST_DIR) : undefined,
    connectionTestTimeoutMs: env.CONNECTION_TEST_TIMEOUT_MS,
    connectionTestConcurrency: {
      total: env.CONNECTION_TEST_CONCURRENCY,
      perUser: env.CONNECTION_TEST_CONCURRENCY_PER_USER,
    },
    requirePassingTest: env.REQUIRE_PASSING_TEST,
    sqliteRoot: resolve(env.SQLITE_ROOT ?? `${dataDir}/sqlite`),
    network: {
      blocked: parseCidrList(env.CONNECTION_BLOCKED_CIDRS, 'CONNECTION_BLOCKED_CIDRS'),
      allowed: parseCidrList(env.CONNECTION_ALLOWED_CIDRS, 'CONNECTION_ALLOWED_CIDRS'),
      blockPrivate: env.BLOCK_PRIVATE_NETWORKS,
    },
    role: env.SLUICE_ROLE,
    schemaSync: {
      timeoutMs: env.SCHEMA_SYNC_TIMEOUT_MS,
      concurrency: env.SCHEMA_SYNC_CONCURRENCY,
      retryDelaySeconds: env.SCHEMA_SYNC_RETRY_DELAY_SECONDS,
      memoryMb: env.SCHEMA_SYNC_MEMORY_MB,
      maxObjects: env.SCHEMA_SYNC_MAX_OBJECTS,
    },
    connectionTestMemoryMb: env.CONNECTION_TEST_MEMORY_MB,
    query: {
      concurrency: { total: env.QUERY_CONCURRENCY, perUser: env.QUERY_CONCURRENCY_PER_USER },
      memoryMb: env.QUERY_MEMORY_MB,
      threads: env.QUERY_THREADS,
      sessionIdleSeconds: env.QUERY_SESSION_IDLE_SECONDS,
    },
    schedules: {
      enabled: env.SCHEDULES_ENABLED,
      intervalSeconds: env.SCHEDULER_INTERVAL_SECONDS,
      timeZone: timeZoneOf(env.SCHEDULE_TIME_ZONE),
    },
    health: { retentionDays: env.HEALTH_RETENTION_DAYS, concurrency: env.HEALTH_CHECK_CONCURRENCY },
    provisioningDir: env.PROVISIONING_DIR ? resolve(env.PROVISIONING_DIR) : null,
    alerts: {
      afterFailures: env.ALERT_AFTER_FAILURES,
      retryDelaySeconds: env.ALERT_RETRY_DELAY_SECONDS,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    },
    mcp: {
      allowedHosts: listOf(env.MCP_ALLOWED_HOSTS),
      allowedOrigins: listOf(env.MCP_ALLOWED_ORIGINS),
      queryTimeoutMs: env.MCP_QUERY_TIMEOUT_MS,
    },
    embeddings: embeddingsConfigOf(env),
    warnings,
  };
}

/** The instance's time zone, or the one named, checked against the runtime's list. */
function timeZoneOf(name: string | undefined): string {
  const zone = name ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    fail('SCHEDULE_TIME_ZONE', `must be an IANA time zone such as Europe/Paris, not "${zone}"`);
  }
  return zone;
}

const listOf = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

/**
 * `key` or `id:key` entries, comma-separated, the current key first. A key without an id is
 * known by its fingerprint, the id that ENCRYPTION_KEY alone gives it.
 */
function parseKeyList(text: string, variable = 'ENCRYPTION_KEYS'): { id: string; key: Buffer }[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      const id = separator > 0 ? entry.slice(0, separator) : undefined;
      const key = parseEncryptionKey(separator > 0 ? entry.slice(separator + 1) : entry);
      if (!key)
        fail(variable, 'must be 32 bytes: base64 (openssl rand -base64 32) or 64 hex characters');
      if (id !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(id))
        fail(variable, `has the key id "${id}": use letters, digits, - and _`);
      return { id: id ?? keyIdOf(key), key };
    });
  // A repeated id would make every credential saved under it unreadable by the other key.
  keys.forEach((entry, i) => {
    if (keys.findIndex((k) => k.id === entry.id) !== i)
      fail(variable, `lists the key id "${entry.id}" twice: each key needs an id of its own`);
    if (keys.findIndex((k) => k.key.equals(entry.key)) !== i)
      fail(
        variable,
        `lists the same key twice (as "${keys.find((k) => k.key.equals(entry.key))?.id}" and "${entry.id}")`,
      );
  });
  return keys;
}

/**
 * Every key by its id and by its fingerprint: a credential written under ENCRYPTION_KEY alone
 * names the key's fingerprint, and stays readable when the operator lists that key with an id
 * of their own in ENCRYPTION_KEYS.
 */
function keyringOf(keys: { id: string; key: Buffer }[]): Map<string, Buffer> {
  const ring = new Map(keys.map((k) => [k.id, k.key]));
  for (const k of keys) if (!ring.has(keyIdOf(k.key))) ring.set(keyIdOf(k.key), k.key);
  return ring;
}

/** Fewer than 12 different byte values in a key: an all-zero key, a repeated character, a word. */
function isLowEntropy(key: Buffer): boolean {
  return new Set(key).size < 12;
}

/** `false`, a hop count, or the proxies' CIDRs; `true` (trust every hop) is read as one hop. */
function trustProxyOf(value: string, warnings: string[]): false | number | string[] {
  if (value === 'false' || value === '0' || value === '') return false;
  if (value === 'true') {
    warnings.push(
      'TRUST_PROXY=true is read as one proxy hop (TRUST_PROXY=1): set the number of proxies in front of Sluice, or their addresses, so that a client cannot pick its own address.',
    );
    return 1;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) fail('TRUST_PROXY', 'must be false, a number of proxy hops (1-10) or CIDRs');
    return hops;
  }
  return parseCidrList(value, 'TRUST_PROXY');
}
