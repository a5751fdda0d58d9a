import { z } from 'zod';
import { COLUMN_TAGS } from './ai-access';
import { envelope, pageOf, paginationQueryShape, timestampSchema } from './common';

/** The kinds of object a catalog holds. */
export const CATALOG_OBJECT_KINDS = [
  'table',
  'view',
  'materialized_view',
  'partitioned_table',
  'foreign_table',
] as const;
export type CatalogObjectKind = (typeof CATALOG_OBJECT_KINDS)[number];

/** A schema sync as a person sees it: pg-boss's job states in our words. */
export const SCHEMA_SYNC_STATES = [
  'queued',
  'running',
  'retrying',
  'completed',
  'failed',
  'cancelled',
] as const;
export type SchemaSyncState = (typeof SCHEMA_SYNC_STATES)[number];

export const schemaSyncSchema = z.object({
  id: z.guid(),
  connectionId: z.guid(),
  state: z.enum(SCHEMA_SYNC_STATES),
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  createdAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
});
export type SchemaSync = z.infer<typeof schemaSyncSchema>;
export const schemaSyncResponseSchema = envelope(schemaSyncSchema);

export const catalogColumnSchema = z.object({
  ordinal: z.number().int(),
  name: z.string(),
  dataType: z.string(),
  nullable: z.boolean(),
  defaultValue: z.string().nullable(),
  comment: z.string().nullable(),
});
export type CatalogColumn = z.infer<typeof catalogColumnSchema>;

/** A column as the catalog shows it, with its governance tag: hidden from assistants, or PII. */
export const taggedColumnSchema = catalogColumnSchema.extend({
  tag: z.enum(COLUMN_TAGS).nullable(),
});
export type TaggedColumn = z.infer<typeof taggedColumnSchema>;

export const foreignKeySchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  referencedSchema: z.string(),
  referencedTable: z.string(),
  referencedColumns: z.array(z.string()),
});
export type ForeignKey = z.infer<typeof foreignKeySchema>;

export const catalogIndexSchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  unique: z.boolean(),
});
export type CatalogIndex = z.infer<typeof catalogIndexSchema>;

export const catalogObjectSchema = z.object({
  schemaName: z.string(),
  name: z.string(),
  kind: z.enum(CATALOG_OBJECT_KINDS),
  comment: z.string().nullable(),
  rowEstimate: z.number().int().nullable(),
  primaryKey: z.array(z.string()),
  foreignKeys: z.array(foreignKeySchema),
  indexes: z.array(catalogIndexSchema),
  columns: z.array(catalogColumnSchema),
});
export type CatalogObject = z.infer<typeof catalogObjectSchema>;

export const schemaListQuerySchema = z.strictObject({
  ...paginationQueryShape,
  search: z.string().trim().max(200).optional(),
  schema: z.string().trim().max(255).optional(),
});
export type SchemaListQuery = z.infer<typeof schemaListQuerySchema>;

/** A catalog object as the browser shows it: its columns carry their tags. */
export const taggedObjectSchema = catalogObjectSchema.extend({
  columns: z.array(taggedColumnSchema),
});
export type TaggedObject = z.infer<typeof taggedObjectSchema>;

/** Where a connection's catalog index (words, and vectors with a provider) stands. */
export const EMBEDDING_STATES = ['off', 'queued', 'running', 'ready', 'failed'] as const;
export type EmbeddingState = (typeof EMBEDDING_STATES)[number];

export const embeddingStatusSchema = z.object({
  state: z.enum(EMBEDDING_STATES),
  /** The provider and model vectors are made with; null without a provider. */
  model: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  /** Tables of the catalog with a vector for the current model. */
  embedded: z.number().int(),
  message: z.string().nullable(),
  updatedAt: timestampSchema.nullable(),
});
export type EmbeddingStatus = z.infer<typeof embeddingStatusSchema>;

export const schemaPageSchema = pageOf(taggedObjectSchema).extend({
  /** The connection's name: all a catalog reader sees of the connection. */
  connectionName: z.string(),
  /** Every schema of the catalog, for the browser's schema filter. */
  schemas: z.array(z.string()),
  ingestedAt: timestampSchema.nullable(),
  /** Search by meaning: how far the catalog is embedded. */
  embedding: embeddingStatusSchema,
});
export type SchemaPage = z.infer<typeof schemaPageSchema>;
export const schemaPageResponseSchema = envelope(schemaPageSchema);

export const columnChangeSchema = z.object({
  table: z.string(),
  column: z.string(),
  dataType: z.string(),
  previousDataType: z.string().nullable(),
});

/** What one sync found different from the catalog before it. */
export const schemaChangeSchema = z.object({
  id: z.guid(),
  syncedAt: timestampSchema,
  tablesAdded: z.array(z.string()),
  tablesRemoved: z.array(z.string()),
  columnsAdded: z.array(columnChangeSchema),
  columnsRemoved: z.array(columnChangeSchema),
  columnsChanged: z.array(columnChangeSchema),
  /** True when a list was cut at its limit; the counts are always whole. */
  truncated: z.boolean(),
  counts: z.object({
    tablesAdded: z.number().int(),
    tablesRemoved: z.number().int(),
    columnsAdded: z.number().int(),
    columnsRemoved: z.number().int(),
    columnsChanged: z.number().int(),
  }),
});
export type SchemaChange = z.infer<typeof schemaChangeSchema>;
export const schemaChangesResponseSchema = envelope(z.array(schemaChangeSchema));
