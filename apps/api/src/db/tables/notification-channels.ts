import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { NotificationKind } from '@sluice/contracts';
import { users } from './users';

/** Where alerts are sent; the URL (which carries the webhook's token) is sealed like a credential. */
export const notificationChannels = pgTable('notification_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').$type<NotificationKind>().notNull(),
  encryptedUrl: text('encrypted_url').notNull(),
  /** The URL's host, shown instead of the URL. */
  target: text('target').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
  lastDeliveryOk: boolean('last_delivery_ok'),
  lastDeliveryMessage: text('last_delivery_message'),
});
