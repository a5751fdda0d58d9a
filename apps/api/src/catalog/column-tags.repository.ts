import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ColumnTag, ColumnTagEntry } from '@sluice/contracts';
import { DATABASE_POOL } from '../db/database';

/** Governance tags of columns, kept by name so that they outlive the catalog rows of a sync. */
@Injectable()
export class ColumnTagsRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /** Whether the catalog holds this column now. */
  async columnExists(connectionId: string, schema: string, table: string, column: string) {
    const { rows } = await this.pool.query(
      `select 1 from catalog_objects o join catalog_columns c on c.object_id = o.id
        where o.connection_id = $1 and o.schema_name = $2 and o.name = $3 and c.name = $4`,
      [connectionId, schema, table, column],
    );
    return rows.length > 0;
  }

  /** Sets the column's tag (null removes it); the tag it had before, if any. */
  async set(connectionId: string, entry: Omit<ColumnTagEntry, 'tag'> & { tag: ColumnTag | null }) {
    const key = [connectionId, entry.schema, entry.table, entry.column];
    const { rows } = await this.pool.query<{ tag: ColumnTag }>(
      `select tag from catalog_column_tags
        where connection_id = $1 and schema_name = $2 and object_name = $3 and column_name = $4`,
      key,
    );
    if (entry.tag === null) {
      await this.pool.query(
        `delete from catalog_column_tags
          where connection_id = $1 and schema_name = $2 and object_name = $3 and column_name = $4`,
        key,
      );
    } else {
      await this.pool.query(
        `insert into catalog_column_tags (connection_id, schema_name, object_name, column_name, tag)
         values ($1, $2, $3, $4, $5)
         on conflict (connection_id, schema_name, object_name, column_name)
         do update set tag = excluded.tag, updated_at = now()`,
        [...key, entry.tag],
      );
    }
    return rows[0]?.tag ?? null;
  }

  /** Every tag of a connection, hidden ones first. */
  async list(connectionId: string): Promise<ColumnTagEntry[]> {
    const { rows } = await this.pool.query<ColumnTagEntry>(
      `select schema_name as schema, object_name as table, column_name as column, tag
         from catalog_column_tags where connection_id = $1
        order by tag, schema_name, object_name, column_name`,
      [connectionId],
    );
    return rows;
  }
}
