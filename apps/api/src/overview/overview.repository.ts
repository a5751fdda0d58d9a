import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Overview } from '@sluice/contracts';
import { DATABASE_POOL } from '../db/database';

/** Counts for the Overview page, each in one query. */
@Injectable()
export class OverviewRepository {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /** The Status filter's buckets (see ConnectionsRepository), and syncs under way. */
  async connections(): Promise<NonNullable<Overview['connections']>> {
    const { rows } = await this.pool.query<NonNullable<Overview['connections']>>(
      `select count(*)::int as total,
              count(*) filter (where is_active and last_test_result is true)::int as connected,
              count(*) filter (where is_active and last_test_result is false)::int as failing,
              count(*) filter (where is_active and health_state = 'down')::int as down,
              count(*) filter (where is_active and last_test_result is null)::int as untested,
              count(*) filter (where not is_active)::int as disabled,
              count(*) filter (where schema_status in ('queued', 'ingesting'))::int as syncing
         from data_connections`,
    );
    return rows[0]!;
  }

  async catalog(): Promise<NonNullable<Overview['catalog']>> {
    const [{ rows: tables }, { rows: embedded }] = await Promise.all([
      this.pool.query<{ connections: number; tables: number }>(
        `select count(distinct connection_id)::int as connections, count(*)::int as tables
           from catalog_objects`,
      ),
      this.pool.query<{ n: number }>(
        `select count(*)::int as n from catalog_documents where part = 0 and vector is not null`,
      ),
    ]);
    return { ...tables[0]!, embeddedTables: embedded[0]?.n ?? 0 };
  }

  async recentChanges(limit: number): Promise<Overview['recentChanges']> {
    const { rows } = await this.pool.query<
      Omit<Overview['recentChanges'][number], 'syncedAt'> & { syncedAt: Date }
    >(
      `select s.connection_id as "connectionId", d.name as "connectionName", s.synced_at as "syncedAt",
              (s.changes->'counts'->>'tablesAdded')::int as "tablesAdded",
              (s.changes->'counts'->>'tablesRemoved')::int as "tablesRemoved",
              (s.changes->'counts'->>'columnsAdded')::int as "columnsAdded",
              (s.changes->'counts'->>'columnsRemoved')::int as "columnsRemoved",
              (s.changes->'counts'->>'columnsChanged')::int as "columnsChanged"
         from schema_changes s join data_connections d on d.id = s.connection_id
        order by s.synced_at desc limit $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, syncedAt: r.syncedAt.toISOString() }));
  }
}
