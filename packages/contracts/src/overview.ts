import { z } from 'zod';
import { envelope, timestampSchema } from './common';

/** What the Overview page shows: only the parts the caller's permissions allow. */
export const overviewSchema = z.object({
  /** Connections by status (null without connections:read). */
  connections: z
    .object({
      total: z.number().int(),
      connected: z.number().int(),
      failing: z.number().int(),
      down: z.number().int(),
      untested: z.number().int(),
      disabled: z.number().int(),
      /** Schema syncs queued or running. */
      syncing: z.number().int(),
    })
    .nullable(),
  /** The catalog at a glance (null without catalog:read). */
  catalog: z
    .object({
      connections: z.number().int(),
      tables: z.number().int(),
      /** Tables searchable by meaning (0 without an embedding provider). */
      embeddedTables: z.number().int(),
    })
    .nullable(),
  /** The latest syncs that changed a schema, newest first. */
  recentChanges: z.array(
    z.object({
      connectionId: z.guid(),
      connectionName: z.string(),
      syncedAt: timestampSchema,
      tablesAdded: z.number().int(),
      tablesRemoved: z.number().int(),
      columnsAdded: z.number().int(),
      columnsRemoved: z.number().int(),
      columnsChanged: z.number().int(),
    }),
  ),
});
export type Overview = z.infer<typeof overviewSchema>;
export const overviewResponseSchema = envelope(overviewSchema);
