import {
  bigserial,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { dataConnections } from './data-connections';

/** Every health check and manual test of a saved connection: kept for HEALTH_RETENTION_DAYS. */
export const healthChecks = pgTable(
  'health_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => dataConnections.id, { onDelete: 'cascade' }),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    success: boolean('success').notNull(),
    errorCode: text('error_code'),
    latencyMs: integer('latency_ms').notNull(),
    serverVersion: text('server_version'),
    /** What a failed check said, and what to change: the test's message and hint. */
    message: text('message'),
    hint: text('hint'),
    manual: boolean('manual').notNull().default(false),
  },
  (t) => [
    index('health_checks_connection_idx').on(t.connectionId, t.checkedAt),
    index('health_checks_checked_at_idx').on(t.checkedAt),
  ],
);
