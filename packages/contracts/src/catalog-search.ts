import { z } from 'zod';
import { COLUMN_TAGS } from './ai-access';
import { DB_TYPES } from './dialects';
import { envelope } from './common';
import { CATALOG_OBJECT_KINDS } from './schema-catalog';

/**
 * How catalog search ranks: by names, words and comments (`lexical`), by meaning through the
 * configured embedding provider (`semantic`), or both fused (`hybrid`, the default). Without a
 * provider, every mode is lexical.
 */
export const CATALOG_SEARCH_MODES = ['hybrid', 'lexical', 'semantic'] as const;
export type CatalogSearchMode = (typeof CATALOG_SEARCH_MODES)[number];

/** Why a result matched: its table's name, a column's name, a comment, or its meaning. */
export const MATCH_REASONS = ['name', 'column', 'comment', 'semantic'] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

const questionSchema = z
  .string({ message: 'is required' })
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(500, 'must be at most 500 characters');

/** How deep search pages go: past it, more words narrow better than more pages. */
export const SEARCH_MAX_TABLES = 400;

export const catalogSearchQuerySchema = z
  .strictObject({
    q: questionSchema,
    connectionId: z.guid('must be a connection id').optional(),
    /** Only objects of this schema (its exact name). */
    schema: z.string().trim().min(1).max(255).optional(),
    /** Only tables, only views… */
    kind: z.enum(CATALOG_OBJECT_KINDS).optional(),
    mode: z.enum(CATALOG_SEARCH_MODES).default('hybrid'),
    /** Hits; with `page`, tables per page (each with all its matching columns). */
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** Pages of tables, from 1; without it, the best `limit` hits. */
    page: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => !q.page || q.page * q.limit <= SEARCH_MAX_TABLES + q.limit - 1, {
    message: `must not go past the ${SEARCH_MAX_TABLES}th table: add words to narrow the search`,
    path: ['page'],
  });
export type CatalogSearchQuery = z.infer<typeof catalogSearchQuerySchema>;
export type CatalogSearchInput = z.input<typeof catalogSearchQuerySchema>;

export const catalogSearchHitSchema = z.object({
  connectionId: z.guid(),
  connectionName: z.string(),
  dbType: z.enum(DB_TYPES),
  schemaName: z.string(),
  objectName: z.string(),
  objectKind: z.enum(CATALOG_OBJECT_KINDS),
  columnName: z.string().nullable(),
  dataType: z.string().nullable(),
  comment: z.string().nullable(),
  /** What matched best: the table's name, a column's name, a comment, or the meaning. */
  matched: z.enum(['table', 'column', 'comment', 'semantic']),
  /** Every reason the result ranks where it does. */
  reasons: z.array(z.enum(MATCH_REASONS)),
  score: z.number(),
  /** The matched column's governance tag, if any. */
  tag: z.enum(COLUMN_TAGS).nullable(),
});
export type CatalogSearchHit = z.infer<typeof catalogSearchHitSchema>;
export const catalogSearchResponseSchema = z.object({
  data: z.array(catalogSearchHitSchema),
  meta: z.object({
    /** Tables and views that match (with `totalIsLowerBound`, at least this many: counting stops early). */
    total: z.number().int(),
    totalIsLowerBound: z.boolean(),
    page: z.number().int().nullable(),
    limit: z.number().int(),
  }),
});
export type CatalogSearchResponse = z.infer<typeof catalogSearchResponseSchema>;

export const catalogContextQuerySchema = z.strictObject({
  q: questionSchema,
  connectionId: z.guid('must be a connection id').optional(),
  maxTables: z.coerce.number().int().min(1).max(50).default(8),
  /** The size budget of the DDL, in characters (about four per token). */
  maxChars: z.coerce.number().int().min(500).max(200_000).default(16_000),
});
export type CatalogContextQuery = z.infer<typeof catalogContextQuerySchema>;

export const contextTableSchema = z.object({
  connectionId: z.guid(),
  connectionName: z.string(),
  dbType: z.enum(DB_TYPES),
  schemaName: z.string(),
  name: z.string(),
  /** Why it is here: what matched the question, or empty when it only joins others. */
  reasons: z.array(z.enum(MATCH_REASONS)),
  /** The matched tables it joins, when it was added to join them. */
  joins: z.array(z.string()),
  /** Compact DDL: one line per column with PK, FK and comments; hidden columns left out. */
  ddl: z.string(),
});
export type ContextTable = z.infer<typeof contextTableSchema>;

export const catalogContextSchema = z.object({
  tables: z.array(contextTableSchema),
  /** Every table's DDL, one after the other: ready to paste into a prompt. */
  text: z.string(),
  /** True when relevant tables were left out to stay within the budget. */
  truncated: z.boolean(),
  /** Whether vectors took part; false without a provider or before any table is embedded. */
  semantic: z.boolean(),
});
export type CatalogContext = z.infer<typeof catalogContextSchema>;
export const catalogContextResponseSchema = envelope(catalogContextSchema);

/** A connection whose catalog can be searched: its name and how many tables it holds (no host, no user). */
export const catalogConnectionSchema = z.object({
  id: z.guid(),
  name: z.string(),
  dbType: z.enum(DB_TYPES),
  tables: z.number().int(),
  schemas: z.array(z.string()),
});
export type CatalogConnection = z.infer<typeof catalogConnectionSchema>;
export const catalogConnectionsResponseSchema = envelope(z.array(catalogConnectionSchema));
