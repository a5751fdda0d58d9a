import { z } from 'zod';

/**
 * What AI assistants may do with a connection through Sluice's MCP server: nothing (the default),
 * see its catalog, or also run read-only queries on it.
 */
export const AI_ACCESS_LEVELS = ['off', 'catalog', 'query'] as const;
export type AiAccess = (typeof AI_ACCESS_LEVELS)[number];

export const AI_ACCESS_LABELS: Record<AiAccess, string> = {
  off: 'Off',
  catalog: 'Catalog only',
  query: 'Catalog and read-only queries',
};

export const aiAccessRequestSchema = z.strictObject({
  aiAccess: z.enum(AI_ACCESS_LEVELS, { message: 'must be off, catalog or query' }),
  /**
   * Required to allow queries on a connection whose last test found a credential that can
   * write: only Sluice's own layers then stand between an assistant and a change.
   */
  acknowledgeWriteCapable: z.boolean().optional(),
});
export type AiAccessRequest = z.infer<typeof aiAccessRequestSchema>;

/** A column's governance tag: hidden from assistants entirely, or shown with a PII warning. */
export const COLUMN_TAGS = ['hidden', 'pii'] as const;
export type ColumnTag = (typeof COLUMN_TAGS)[number];

const identifier = (what: string) =>
  z
    .string({ message: `is required: the ${what}'s name` })
    .min(1, `is required: the ${what}'s name`)
    .max(255, 'must be at most 255 characters');

export const columnTagRequestSchema = z.strictObject({
  schema: identifier('schema'),
  table: identifier('table'),
  column: identifier('column'),
  /** null removes the column's tag. */
  tag: z.enum(COLUMN_TAGS, { message: 'must be hidden, pii or null' }).nullable(),
});
export type ColumnTagRequest = z.infer<typeof columnTagRequestSchema>;

export const columnTagSchema = z.object({
  schema: z.string(),
  table: z.string(),
  column: z.string(),
  tag: z.enum(COLUMN_TAGS),
});
export type ColumnTagEntry = z.infer<typeof columnTagSchema>;

/** An assistant's run_query: rows unless it asks for fewer, and bytes (its time: MCP_QUERY_TIMEOUT_MS). */
export const AI_QUERY_LIMITS = {
  maxRows: { default: 100, max: 1_000 },
  responseBytes: 256 * 1024,
} as const;
