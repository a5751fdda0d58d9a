import { sql } from 'drizzle-orm';
import {
  customType,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EmbeddingState } from '@sluice/contracts';
import { dataConnections } from './data-connections';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * What catalog search ranks by, one row per table or view (a wide one in parts of about 50
 * columns): its identifiers split into words, weighted A (table name), B (column names) and
 * C (comments), which each process reads into an in-memory word index (no GIN: it is not
 * searched in SQL); the tables it references; and, with an embedding provider, its vector as
 * little-endian float4 with the model that made it. `content_hash` is the hash of the text
 * embedded: a re-sync embeds only the documents whose hash (or model) changed. Never row data.
 */
export const catalogDocuments = pgTable(
  'catalog_documents',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => dataConnections.id, { onDelete: 'cascade' }),
    schemaName: text('schema_name').notNull(),
    objectName: text('object_name').notNull(),
    part: integer('part').notNull(),
    contentHash: text('content_hash').notNull(),
    /**
     * What the document was made from (the table's catalog hash and its hidden columns): an
     * index run rebuilds a table's documents only when it changed.
     */
    sourceHash: text('source_hash'),
    words: tsvector('words').notNull(),
    /**
     * `schema.table` of every table this one's foreign keys reference (on hidden columns left
     * out), read with the words into each process's foreign-key graph (no index: not searched in SQL).
     */
    refs: text('refs').array().notNull(),
    model: text('model'),
    vector: bytea('vector'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.schemaName, t.objectName, t.part] })],
);

/**
 * Each connection's index run: its state and progress, and a version bumped whenever its
 * vectors change, which tells every process to reload that connection's matrix.
 */
export const catalogIndexStatus = pgTable('catalog_index_status', {
  connectionId: uuid('connection_id')
    .primaryKey()
    .references(() => dataConnections.id, { onDelete: 'cascade' }),
  state: text('state').$type<EmbeddingState>().notNull(),
  model: text('model'),
  done: integer('done').notNull().default(0),
  total: integer('total'),
  message: text('message'),
  version: integer('version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});
