import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed sign-ins (and sign-ins under way, counted as failed until they succeed), by
 * `account:<email>` and `address:<ip>`: every API process counts the same ones.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_failures_key_failed_at_idx').on(t.key, t.failedAt),
    index('login_failures_failed_at_idx').on(t.failedAt),
  ],
);
