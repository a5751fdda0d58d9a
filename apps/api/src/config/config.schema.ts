import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** Every environment variable Sluice reads, validated once at boot. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  ENCRYPTION_KEY: z.string().optional(),
  ENCRYPTION_KEYS: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  ADMIN_EMAIL: z.email('must be an email address').default('admin@sluice.local'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(43_200).default(480),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: z.string().trim().default('false'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  WEB_DIST_DIR: z.string().min(1).optional(),
  CONNECTION_TEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  CONNECTION_TEST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(20),
  CONNECTION_TEST_CONCURRENCY_PER_USER: z.coerce.number().int().min(1).max(1000).default(4),
  REQUIRE_PASSING_TEST: bool.default(false),
  SQLITE_ROOT: z.string().min(1).optional(),
  CONNECTION_BLOCKED_CIDRS: z.string().default(''),
  CONNECTION_ALLOWED_CIDRS: z.string().default(''),
  BLOCK_PRIVATE_NETWORKS: bool.default(false),
  SLUICE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  SCHEMA_SYNC_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  SCHEMA_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  SCHEMA_SYNC_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(1024),
  SCHEMA_SYNC_MAX_OBJECTS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  CONNECTION_TEST_MEMORY_MB: z.coerce.number().int().min(32).max(4096).default(192),
  QUERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  QUERY_CONCURRENCY_PER_USER: z.coerce.number().int().min(1).max(1000).default(4),
  QUERY_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  QUERY_SESSION_IDLE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  QUERY_MEMORY_MB: z.coerce.number().int().min(64).max(4096).default(256),
  SCHEDULES_ENABLED: bool.default(true),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SCHEDULE_TIME_ZONE: z.string().trim().min(1).optional(),
  HEALTH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  HEALTH_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  ALERT_AFTER_FAILURES: z.coerce.number().int().min(1).max(100).default(2),
  ALERT_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Where people open Sluice: the base of the links in alerts. */
  PUBLIC_URL: z.url().optional(),
  /** Every *.yaml in it is applied at start-up (connections as code). */
  PROVISIONING_DIR: z.string().trim().min(1).optional(),
  MCP_ALLOWED_HOSTS: z.string().default(''),
  MCP_ALLOWED_ORIGINS: z.string().default(''),
  MCP_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  EMBEDDINGS_PROVIDER: z.enum(['none', 'openai-compatible', 'local']).default('none'),
  EMBEDDINGS_URL: z.url('must be an http(s) URL').optional(),
  EMBEDDINGS_MODEL: z.string().trim().min(1).max(200).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(2).max(8192).optional(),
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
  EMBEDDINGS_QUERY_PREFIX: z.string().max(100).default(''),
  EMBEDDINGS_DOCUMENT_PREFIX: z.string().max(100).default(''),
  EMBEDDINGS_MODEL_DIR: z.string().min(1).optional(),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  SCHEMA_SYNC_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
});
export type Env = z.infer<typeof envSchema>;
