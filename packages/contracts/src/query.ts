import { z } from 'zod';
import { envelope } from './common';
import type { DbType } from './dialects/db-types';

export const QUERY_LIMITS = {
  maxRows: { min: 1, max: 10_000, default: 500 },
  timeoutMs: { min: 100, max: 300_000, default: 30_000 },
  sqlLength: 100_000,
  /** A result's JSON is cut at about this many bytes, with `truncated: true`. */
  responseBytes: 10 * 1024 * 1024,
} as const;

export const queryRequestSchema = z.strictObject({
  sql: z
    .string()
    .max(QUERY_LIMITS.sqlLength, `must be at most ${QUERY_LIMITS.sqlLength} characters`)
    .refine((sql) => sql.trim().length > 0, 'is required: write one SQL statement'),
  maxRows: z
    .number()
    .int('must be a whole number')
    .min(QUERY_LIMITS.maxRows.min, `must be between 1 and ${QUERY_LIMITS.maxRows.max}`)
    .max(QUERY_LIMITS.maxRows.max, `must be between 1 and ${QUERY_LIMITS.maxRows.max}`)
    .default(QUERY_LIMITS.maxRows.default),
  timeoutMs: z
    .number()
    .int('must be a whole number of milliseconds')
    .min(QUERY_LIMITS.timeoutMs.min, 'must be between 100 and 300000 milliseconds')
    .max(QUERY_LIMITS.timeoutMs.max, 'must be between 100 and 300000 milliseconds')
    .default(QUERY_LIMITS.timeoutMs.default),
  /**
   * Run with the connection's write credential: one statement of any kind, committed on
   * success. Needs connections:query_write.
   */
  allowWrite: z.boolean().optional(),
});
export type QueryRequest = z.input<typeof queryRequestSchema>;

/**
 * Why Sluice refused a statement before it reached the target, or how the target failed it.
 * The first group is Sluice's read-only layers; the second the target's own answer.
 */
export const QUERY_ERROR_CODES = [
  'QUERY_NOT_READ_ONLY',
  'QUERY_MULTIPLE_STATEMENTS',
  'QUERY_UNPARSABLE',
  'QUERY_FUNCTION_DENIED',
  'QUERY_NOT_SUPPORTED',
  'QUERY_COLUMN_HIDDEN',
  'WRITE_CREDENTIAL_MISSING',
  'SQL_ERROR',
  'PERMISSION_DENIED',
  'TIMEOUT',
  'CANCELLED',
  'RESPONSE_TOO_LARGE',
  'CONNECTION_FAILED',
] as const;
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

/** A JSON-safe, lossless cell: big integers and decimals as strings, binary as base64. */
export type QueryValue =
  string | number | boolean | null | QueryValue[] | { [k: string]: QueryValue };
const queryValueSchema: z.ZodType<QueryValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(queryValueSchema),
      z.record(z.string(), queryValueSchema),
    ]),
  )
  .meta({
    id: 'QueryValue',
    description:
      'A JSON-safe value: 64-bit integers and decimals as strings, binary as base64, times as ISO 8601',
  });

export const queryColumnSchema = z.object({ name: z.string(), type: z.string() });
export type QueryColumn = z.infer<typeof queryColumnSchema>;

export const queryResultSchema = z.object({
  columns: z.array(queryColumnSchema),
  rows: z.array(z.array(queryValueSchema)),
  rowCount: z.number().int(),
  /** Rows a write statement changed (allowWrite), when the target says. */
  affectedRows: z.number().int().nullable().optional(),
  /** More rows existed than `maxRows`, or the result passed the response's byte cap. */
  truncated: z.boolean(),
  elapsedMs: z.number(),
  auditId: z.guid(),
});
export type QueryResult = z.infer<typeof queryResultSchema>;
export const queryResponseSchema = envelope(queryResultSchema);

/** One of the caller's own recent queries, from the audit log: what the console offers to re-run. */
export const queryHistoryItemSchema = z.object({
  auditId: z.guid(),
  connectionId: z.string(),
  sql: z.string(),
  outcome: z.string(),
  rowCount: z.number().int().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type QueryHistoryItem = z.infer<typeof queryHistoryItemSchema>;
export const queryHistoryQuerySchema = z.strictObject({ connectionId: z.guid().optional() });
export const queryHistoryResponseSchema = envelope(z.array(queryHistoryItemSchema));

/** The second, write-enabled credential of a connection (connections:govern). */
export const writeCredentialRequestSchema = z.strictObject({
  writeUsername: z.string().trim().min(1, 'is required').max(255, 'must be at most 255 characters'),
  writePassword: z.string().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
});
export type WriteCredentialRequest = z.infer<typeof writeCredentialRequestSchema>;

export const testCredentialQuerySchema = z.strictObject({
  credential: z.enum(['read', 'write'], { message: 'must be read or write' }).optional(),
});

/** The types Sluice can query this release (each has a parser layer and a query path). */
export const QUERYABLE_DB_TYPES = [
  'postgresql',
  'mysql',
  'sqlite',
  'sqlserver',
  'snowflake',
  'databricks',
] as const satisfies readonly DbType[];
export type QueryableDbType = (typeof QUERYABLE_DB_TYPES)[number];
