import { z } from 'zod';
import { syncScheduleSchema } from './sync-schedule';
import { healthIntervalInput } from './connection-health';
import { envelope } from './common';
import { ConnectionStringError, parseConnectionString } from './connection-strings';
import { DB_TYPES, DIALECTS, type DbType } from './dialects';
import { hostSchema } from './host';
import { CONNECTION_MODES, PURPOSES } from './connection-response';
import { optionalText } from './dialects/option-schemas';
import {
  sshSecretShape,
  sshTunnelInputSchema,
  sshTunnelIssues,
  type SshTunnelInput,
} from './ssh-tunnel';

export * from './dialects';
export { hostSchema, isIPv6 } from './host';
export * from './test-results';
export * from './connection-list';
export * from './connection-response';
export * from './ssh-tunnel';

export const PURPOSE_LABELS: Record<(typeof PURPOSES)[number], string> = {
  analytics: 'Analytics / Reporting',
  operational: 'Operational',
  ai_readonly: 'Read-only AI',
};

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
  'sshTunnel',
  'sshPassword',
  'sshPrivateKey',
] as const;

/** The fields of a connection's create body, shared with provisioning files. */
export const connectionFieldShape = {
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
  /** The bastion a tunnelled connection goes through; null removes the tunnel. */
  sshTunnel: sshTunnelInputSchema.nullable().optional(),
  ...sshSecretShape,
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
  sshTunnel?: SshTunnelInput | null;
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
  if (value.sshTunnel) issues.push(...tunnelTypeIssues(value));
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

/** A tunnel only on a type that can be handed a forwarded port, and not to a named instance. */
function tunnelTypeIssues(value: ConnectionShape): { path: string[]; message: string }[] {
  const dialect = DIALECTS[value.dbType];
  if (!dialect.sshTunnel)
    return [{ path: ['sshTunnel'], message: `is not available for ${dialect.label}` }];
  if (value.options?.['instanceName'])
    return [
      {
        path: ['options', 'instanceName'],
        message:
          'cannot be found through an SSH tunnel (instances are looked up over UDP): give the port instead',
      },
    ];
  return [];
}

type WithString = ConnectionShape & {
  connectionString?: string;
  password?: string;
  sshPassword?: string;
  sshPrivateKey?: string;
};

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

export function withShapeRules<T extends z.ZodType<WithString>>(schema: T) {
  return schema
    .superRefine((value, ctx) => {
      const expanded = expandConnectionString(value);
      if ('error' in expanded) {
        ctx.addIssue({ code: 'custom', ...expanded.error });
        return;
      }
      for (const issue of sshTunnelIssues(value)) ctx.addIssue({ code: 'custom', ...issue });
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

export const createConnectionSchema = withShapeRules(z.strictObject(connectionFieldShape));
export type CreateConnectionRequest = z.infer<typeof createConnectionSchema>;

/** Partial update: the type rules are checked by the service on the merged result. */
export const updateConnectionSchema = z
  .strictObject({
    ...connectionFieldShape,
    dbType: connectionFieldShape.dbType.optional(),
    name: connectionFieldShape.name.optional(),
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
    ...connectionFieldShape,
    name: connectionFieldShape.name.optional(),
    connectionId: z.guid('must be a UUID').optional(),
  }),
);
export type TestConnectionRequest = z.infer<typeof testConnectionSchema>;

export const parseConnectionRequestSchema = z.strictObject({
  dbType: connectionFieldShape.dbType,
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
