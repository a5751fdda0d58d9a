import { z } from 'zod';
import { AI_ACCESS_LEVELS } from './ai-access';
import { syncScheduleSchema } from './sync-schedule';
import { connectionHealthShape, healthIntervalInput } from './connection-health';
import { envelope, pageOf, timestampSchema } from './common';
import { ConnectionStringError, parseConnectionString } from './connection-strings';
import { DB_TYPES, DIALECTS, type DbType } from './dialects';
import { hostSchema } from './host';
import { testResultSchema } from './test-results';
import { optionalText } from './dialects/option-schemas';

export * from './dialects';
export { hostSchema, isIPv6 } from './host';
export * from './test-results';
export * from './connection-list';

export const CONNECTION_MODES = ['guided', 'connection_string'] as const;
export const PURPOSES = ['analytics', 'operational', 'ai_readonly'] as const;
export const PURPOSE_LABELS: Record<(typeof PURPOSES)[number], string> = {
  analytics: 'Analytics / Reporting',
  operational: 'Operational',
  ai_readonly: 'Read-only AI',
};
export const SCHEMA_STATUSES = ['not_ingested', 'queued', 'ingesting', 'ready', 'failed'] as const;

/** The fields whose change means a different target: they reset the last test. */
export const CONNECTION_TARGET_FIELDS = [
  'dbType',
  'host',
  'port',
  'databaseName',
  'username',
  'password',
  'privateKey',
  'useSsl',
  'options',
] as const;

const fieldShape = {
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  description: optionalText(500).nullable().optional(),
  dbType: z.enum(DB_TYPES, { message: `must be one of ${DB_TYPES.join(', ')}` }),
  host: hostSchema.nullable().optional(),
  port: z
    .number({ message: 'must be a whole number from 1 to 65535' })
    .int('must be a whole number from 1 to 65535')
    .min(1, 'must be a whole number from 1 to 65535')
    .max(65535, 'must be a whole number from 1 to 65535')
    .nullable()
    .optional(),
  databaseName: optionalText(255).nullable().optional(),
  username: optionalText(255).nullable().optional(),
  password: z.string().max(1000, 'must be at most 1000 characters').optional(),
  privateKey: z
    .string()
    .max(16_000, 'must be at most 16000 characters')
    .refine(
      (v) =>
        v === '' ||
        /^-----BEGIN (ENCRYPTED |RSA )?PRIVATE KEY-----[\s\S]+-----END (ENCRYPTED |RSA )?PRIVATE KEY-----\s*$/.test(
          v.trim(),
        ),
      {
        message: 'must be a PEM private key (-----BEGIN PRIVATE KEY----- …)',
      },
    )
    .optional(),
  privateKeyPassphrase: z.string().max(1000, 'must be at most 1000 characters').optional(),
  useSsl: z.boolean().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  purpose: z.enum(PURPOSES).nullable().optional(),
  syncSchedule: syncScheduleSchema.optional(),
  healthCheckInterval: healthIntervalInput.optional(),
  isActive: z.boolean().optional(),
  connectionMode: z.enum(CONNECTION_MODES).optional(),
  connectionString: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(4000, 'must be at most 4000 characters')
    .optional(),
  /**
   * The receipt of a test of exactly these values (`POST /api/connections/test`): its result is
   * stored as the connection's last test, so a test run in the dialog is not run again.
   */
  testReceipt: z.string().max(20_000, 'must be at most 20000 characters').optional(),
};

export interface ConnectionShape {
  dbType: DbType;
  privateKey?: string;
  host?: string | null;
  port?: number | null;
  databaseName?: string | null;
  options?: Record<string, unknown>;
}

/**
 * The rules that depend on the type: host and port required except for SQLite (a file path in
 * databaseName), and the type's own options. Used for create, test and the merged result of an update.
 */
export function connectionShapeIssues(
  value: ConnectionShape,
  hostFromString = false,
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (!(DB_TYPES as readonly string[]).includes(value.dbType)) return issues;
  if (DIALECTS[value.dbType].location === 'file') {
    if (value.host)
      issues.push({ path: ['host'], message: 'must be empty for SQLite: the database is a file' });
    if (value.port)
      issues.push({ path: ['port'], message: 'must be empty for SQLite: the database is a file' });
    if (!value.databaseName)
      issues.push({ path: ['databaseName'], message: 'is required for SQLite: the file path' });
  } else {
    if (value.host === undefined || value.host === null)
      issues.push({ path: ['host'], message: 'is required' });
    else if (hostFromString) {
      // A host read from a connection string gets the host field's rule: no spaces, `/`, `@`,
      // port or host list.
      const host = hostSchema.safeParse(value.host);
      if (!host.success)
        issues.push({ path: ['host'], message: host.error.issues[0]?.message ?? 'is invalid' });
    }
    if (value.port === undefined || value.port === null)
      issues.push({ path: ['port'], message: 'is required' });
  }
  if (value.privateKey && !DIALECTS[value.dbType].keyPair) {
    issues.push({ path: ['privateKey'], message: 'is only for Snowflake key-pair authentication' });
  }
  const rawOptions: unknown = value.options ?? {};
  if (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions))
    return issues;
  const options = DIALECTS[value.dbType].options.safeParse(rawOptions);
  if (!options.success) {
    for (const issue of options.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          issues.push({ path: ['options', key], message: `is not an option of ${value.dbType}` });
      } else {
        issues.push({ path: ['options', ...issue.path.map(String)], message: issue.message });
      }
    }
  }
  return issues;
}

type WithString = ConnectionShape & { connectionString?: string; password?: string };

/**
 * A body with `connectionString`: the string's fields, under any guided field given explicitly,
 * in connection_string mode. A string Sluice will not take becomes an error on `connectionString`.
 */
export function expandConnectionString<T extends WithString>(
  body: T,
): { value: Omit<T, 'connectionString'> } | { error: { path: string[]; message: string } } {
  const { connectionString, ...rest } = body;
  if (connectionString === undefined || !(DB_TYPES as readonly string[]).includes(body.dbType))
    return { value: rest };
  try {
    const parsed = parseConnectionString(body.dbType, connectionString);
    const explicit = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const options = { ...parsed.options, ...(rest.options ?? {}) };
    return {
      value: {
        ...parsed,
        ...explicit,
        options,
        connectionMode: 'connection_string',
      } as unknown as Omit<T, 'connectionString'>,
    };
  } catch (error) {
    const message = error instanceof ConnectionStringError ? error.message : 'could not be read';
    return { error: { path: ['connectionString'], message } };
  }
}

function withShapeRules<T extends z.ZodType<WithString>>(schema: T) {
  return schema
    .superRefine((value, ctx) => {
      const expanded = expandConnectionString(value);
      if ('error' in expanded) {
        ctx.addIssue({ code: 'custom', ...expanded.error });
        return;
      }
      const fromString = value.connectionString !== undefined && value.host === undefined;
      for (const issue of connectionShapeIssues(expanded.value, fromString)) {
        const inString = fromString && issue.path[0] === 'host';
        ctx.addIssue({
          code: 'custom',
          path: inString ? ['connectionString'] : issue.path,
          message: inString ? `has a host that ${issue.message}` : issue.message,
        });
      }
    })
    .transform((value) => {
      const expanded = expandConnectionString(value);
      return 'value' in expanded ? expanded.value : value;
    });
}

export const createConnectionSchema = withShapeRules(z.strictObject(fieldShape));
export type CreateConnectionRequest = z.infer<typeof createConnectionSchema>;

/** Partial update: the type rules are checked by the service on the merged result. */
export const updateConnectionSchema = z
  .strictObject({
    ...fieldShape,
    dbType: fieldShape.dbType.optional(),
    name: fieldShape.name.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'must change at least one field',
  });
export type UpdateConnectionRequest = z.infer<typeof updateConnectionSchema>;

/**
 * Test an unsaved configuration. `connectionId` lets an edit form test its values with the
 * stored credential when the password field was left blank.
 */
export const testConnectionSchema = withShapeRules(
  z.strictObject({
    ...fieldShape,
    name: fieldShape.name.optional(),
    connectionId: z.guid('must be a UUID').optional(),
  }),
);
export type TestConnectionRequest = z.infer<typeof testConnectionSchema>;

export const parseConnectionRequestSchema = z.strictObject({
  dbType: fieldShape.dbType,
  connectionString: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(4000, 'must be at most 4000 characters'),
});
export type ParseConnectionRequest = z.infer<typeof parseConnectionRequestSchema>;

/** The guided fields a string holds: never its password, only whether it had one. */
export const parsedConnectionSchema = z.object({
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  databaseName: z.string().nullable(),
  username: z.string().nullable(),
  useSsl: z.boolean().nullable(),
  options: z.record(z.string(), z.unknown()),
  hasPassword: z.boolean(),
});
export type ParsedConnectionFields = z.infer<typeof parsedConnectionSchema>;
export const parsedConnectionResponseSchema = envelope(parsedConnectionSchema);

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
  version: z.number().int(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const connectionResponseSchema = envelope(connectionSchema);
export const connectionListResponseSchema = envelope(pageOf(connectionSchema));
