import { z } from 'zod';
import { AI_ACCESS_LEVELS } from './ai-access';
import { envelope, pageOf, timestampSchema } from './common';
import { connectionHealthShape } from './connection-health';
import { DB_TYPES } from './dialects';
import { sshTunnelSchema } from './ssh-tunnel';
import { testResultSchema } from './test-results';

export const CONNECTION_MODES = ['guided', 'connection_string'] as const;
export const PURPOSES = ['analytics', 'operational', 'ai_readonly'] as const;
export const SCHEMA_STATUSES = ['not_ingested', 'queued', 'ingesting', 'ready', 'failed'] as const;

export const connectionSchema = z.object({
  id: z.guid(),
  name: z.string(),
  description: z.string().nullable(),
  dbType: z.enum(DB_TYPES),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  databaseName: z.string().nullable(),
  username: z.string().nullable(),
  hasCredential: z.boolean(),
  /** The user of the write-enabled credential, when one is set (its secret is never returned). */
  writeUsername: z.string().nullable(),
  hasWriteCredential: z.boolean(),
  /** What AI assistants may do with it through MCP; set with connections:govern. */
  aiAccess: z.enum(AI_ACCESS_LEVELS),
  useSsl: z.boolean(),
  /** The SSH bastion it is reached through, or null for a direct connection. */
  sshTunnel: sshTunnelSchema.nullable(),
  hasSshCredential: z.boolean(),
  /** The provisioning file that manages it (edit the file, not the connection); null when made by hand. */
  provisionedFrom: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  connectionMode: z.enum(CONNECTION_MODES),
  purpose: z.enum(PURPOSES).nullable(),
  isActive: z.boolean(),
  serverVersion: z.string().nullable(),
  schemaStatus: z.enum(SCHEMA_STATUSES),
  schemaIngestedAt: timestampSchema.nullable(),
  schemaMessage: z.string().nullable(),
  syncSchedule: z.string(),
  nextSyncAt: timestampSchema.nullable(), // null when the schedule is off or it is disabled
  ...connectionHealthShape,
  /** Tables written so far by the running sync; null when none runs. */
  schemaProgress: z
    .object({ tablesDone: z.number().int(), tablesTotal: z.number().int() })
    .nullable(),
  lastTestedAt: timestampSchema.nullable(),
  lastTestResult: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  /** The whole last test (code, hint, stages, privileges); null when never tested since the target changed. */
  lastTest: testResultSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdByUserId: z.guid().nullable(),
  /** The creator's name, for the list; null when unknown or the user was deleted. */
  createdByName: z.string().nullable(),
  /** Who made the last change to its settings (the latest connections:update); null when never changed. */
  updatedByName: z.string().nullable(),
  version: z.number().int(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const connectionResponseSchema = envelope(connectionSchema);
export const connectionListResponseSchema = envelope(pageOf(connectionSchema));
