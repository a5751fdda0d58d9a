import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { COLUMN_TAGS } from '@sluice/contracts';
import type { CatalogIndex, CatalogObjectKind, ForeignKey, SchemaChange } from '@sluice/contracts';
import { dataConnections } from './data-connections';

export const columnTag = pgEnum('column_tag', COLUMN_TAGS);

/**
 * The catalog's GIN indexes take a sync's rows into their pending list, merged in bulk when it
 * fills (a third of the writing time of entries taken one by one), and the writer cleans the list
 * once it committed, so that searches do not scan it until a vacuum.
 */
const PENDING_LIST = { fastupdate: true };
/** A small dictionary, searched by every query and rarely written: entries taken at once. */
const SEARCH_FIRST = { fastupdate: false };

/** One table or view of a connection's last ingested schema. */
export const catalogObjects = pgTable(
  'catalog_objects',
  {
    id: uuid('id').primaryKey(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => dataConnections.id, { onDelete: 'cascade' }),
    schemaName: text('schema_name').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<CatalogObjectKind>().notNull(),
    comment: text('comment'),
    rowEstimate: bigint('row_estimate', { mode: 'number' }),
    primaryKey: jsonb('primary_key').$type<string[]>().notNull(),
    foreignKeys: jsonb('foreign_keys').$type<ForeignKey[]>().notNull(),
    indexes: jsonb('indexes').$type<CatalogIndex[]>().notNull(),
    /** Of everything read but the row estimate: a re-sync rewrites only what it changed. */
    contentHash: text('content_hash'),
  },
  (t) => [
    uniqueIndex('catalog_objects_connection_name_idx').on(t.connectionId, t.schemaName, t.name),
    index('catalog_objects_name_lower_idx').on(sql`lower(${t.name})`),
    index('catalog_objects_name_trgm_idx')
      .using('gin', sql`${t.name} gin_trgm_ops`)
      .with(PENDING_LIST),
    index('catalog_objects_comment_fts_idx')
      .using('gin', sql`to_tsvector('simple', coalesce(${t.comment}, ''))`)
      .with(PENDING_LIST)
      .where(sql`${t.comment} is not null`),
    // The few names with a space: a question in plain words can only be found inside those.
    index('catalog_objects_spaced_name_idx')
      .on(t.connectionId)
      .where(sql`${t.name} like '% %'`),
  ],
);

/**
 * One column of a catalog object. Written only with its object, in the sync's transaction, and
 * deleted with it by a statement trigger (`catalog_objects_delete_columns`) rather than a foreign
 * key, whose check per row was a fifth of a sync's writing.
 */
export const catalogColumns = pgTable(
  'catalog_columns',
  {
    objectId: uuid('object_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    dataType: text('data_type').notNull(),
    nullable: boolean('nullable').notNull(),
    defaultValue: text('default_value'),
    comment: text('comment'),
  },
  (t) => [
    index('catalog_columns_object_idx').on(t.objectId, t.ordinal),
    index('catalog_columns_name_lower_idx').on(sql`lower(${t.name})`, t.connectionId),
    index('catalog_columns_comment_fts_idx')
      .using('gin', sql`to_tsvector('simple', coalesce(${t.comment}, ''))`)
      .with(PENDING_LIST)
      .where(sql`${t.comment} is not null`),
  ],
);

/**
 * Every column name any catalog holds, lower-cased: a small dictionary that catalog search
 * matches first (a million columns share far fewer names), then fetches the columns by name.
 * Names are only added; one that no column carries any more finds nothing.
 */
export const catalogColumnNames = pgTable(
  'catalog_column_names',
  { name: text('name').primaryKey() },
  (t) => [
    index('catalog_column_names_trgm_idx')
      .using('gin', sql`${t.name} gin_trgm_ops`)
      .with(SEARCH_FIRST),
  ],
);

/** Each finished sync that changed something: the diff against the catalog before it. */
export const schemaChanges = pgTable(
  'schema_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => dataConnections.id, { onDelete: 'cascade' }),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    changes: jsonb('changes').$type<Omit<SchemaChange, 'id' | 'syncedAt'>>().notNull(),
  },
  (t) => [index('schema_changes_connection_idx').on(t.connectionId, t.syncedAt)],
);

/**
 * Governance tags of columns, by name rather than by catalog row: a re-sync replaces the
 * catalog's rows and the tags stay. A tag on a column that no longer exists waits for it.
 */
export const catalogColumnTags = pgTable(
  'catalog_column_tags',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => dataConnections.id, { onDelete: 'cascade' }),
    schemaName: text('schema_name').notNull(),
    objectName: text('object_name').notNull(),
    columnName: text('column_name').notNull(),
    tag: columnTag('tag').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.schemaName, t.objectName, t.columnName] })],
);
