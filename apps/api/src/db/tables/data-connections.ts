import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  AI_ACCESS_LEVELS,
  CONNECTION_MODES,
  DB_TYPES,
  PURPOSES,
  SCHEMA_STATUSES,
} from '@sluice/contracts';
import type { HealthCheckInterval, HealthState, SshTunnel, TestResult } from '@sluice/contracts';
import { users } from './users';

export const databaseType = pgEnum('database_type', DB_TYPES);
export const connectionMode = pgEnum('connection_mode', CONNECTION_MODES);
export const connectionPurpose = pgEnum('connection_purpose', PURPOSES);
export const schemaStatus = pgEnum('schema_status', SCHEMA_STATUSES);
export const aiAccess = pgEnum('ai_access', AI_ACCESS_LEVELS);

export const dataConnections = pgTable(
  'data_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    dbType: databaseType('db_type').notNull(),
    /** Null only for SQLite, whose database is a file. */
    host: text('host'),
    port: integer('port'),
    databaseName: text('database_name'),
    username: text('username'),
    encryptedCredential: text('encrypted_credential'),
    /** The second, write-enabled credential: used only by queries with allowWrite. */
    writeUsername: text('write_username'),
    encryptedWriteCredential: text('encrypted_write_credential'),
    /** What AI assistants may do with it through MCP: off until an admin says otherwise. */
    aiAccess: aiAccess('ai_access').notNull().default('off'),
    useSsl: boolean('use_ssl').notNull().default(false),
    /** The SSH bastion it goes through (its pinned host key included); null for a direct connection. */
    sshTunnel: jsonb('ssh_tunnel').$type<SshTunnel>(),
    /** The sealed credential holds the tunnel's password or key. */
    hasSshCredential: boolean('has_ssh_credential').notNull().default(false),
    /** The provisioning file that manages it, and whether an apply of that file created it. */
    provisionedFrom: text('provisioned_from'),
    provisionedCreated: boolean('provisioned_created').notNull().default(false),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    connectionMode: connectionMode('connection_mode').notNull().default('guided'),
    purpose: connectionPurpose('purpose'),
    isActive: boolean('is_active').notNull().default(true),
    serverVersion: text('server_version'),
    schemaStatus: schemaStatus('schema_status').notNull().default('not_ingested'),
    schemaIngestedAt: timestamp('schema_ingested_at', { withTimezone: true }),
    schemaMessage: text('schema_message'),
    /** off, hourly, daily, weekly or a 5-field cron expression. */
    syncSchedule: text('sync_schedule').notNull().default('daily'),
    /** When the scheduler next queues a sync; null until it has computed it, or when off. */
    nextSyncAt: timestamp('next_sync_at', { withTimezone: true }),
    /** off, 5m, 15m or 1h; and what the last check (or test) found. */
    healthCheckInterval: text('health_check_interval')
      .$type<HealthCheckInterval>()
      .notNull()
      .default('15m'),
    healthState: text('health_state').$type<HealthState>().notNull().default('unknown'),
    /** A down alert was sent and no recovery since: no second alert while it stays down. */
    alertedDown: boolean('alerted_down').notNull().default(false),
    healthCheckedAt: timestamp('health_checked_at', { withTimezone: true }),
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    /** The sync queued or running for this connection, if any (a pg-boss job id). */
    schemaJobId: uuid('schema_job_id'),
    schemaTablesDone: integer('schema_tables_done'),
    schemaTablesTotal: integer('schema_tables_total'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    lastTestedAt: timestamp('last_tested_at', { withTimezone: true }),
    lastTestResult: boolean('last_test_result'),
    lastTestMessage: text('last_test_message'),
    /** The last test's whole result: code, hint, stages, privileges. */
    lastTest: jsonb('last_test').$type<TestResult>(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('data_connections_created_by_user_id_idx').on(t.createdByUserId),
    index('data_connections_db_type_idx').on(t.dbType),
    index('data_connections_created_at_idx').on(t.createdAt, t.id),
    index('data_connections_name_idx').on(t.name, t.id),
    index('data_connections_last_tested_at_idx').on(t.lastTestedAt, t.id),
    // The scheduler's claim: due connections, soonest first.
    index('data_connections_next_sync_at_idx').on(t.nextSyncAt),
    index('data_connections_next_check_at_idx').on(t.nextCheckAt),
    // Search is a case-insensitive substring match on name and description (pg_trgm, migration 0002).
    index('data_connections_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('data_connections_description_trgm_idx').using('gin', sql`${t.description} gin_trgm_ops`),
    index('data_connections_host_trgm_idx').using('gin', sql`${t.host} gin_trgm_ops`),
    index('data_connections_database_name_trgm_idx').using(
      'gin',
      sql`${t.databaseName} gin_trgm_ops`,
    ),
  ],
);
