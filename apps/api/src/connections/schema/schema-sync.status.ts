import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/auth-user';
import { DATABASE_POOL } from '../../db/database';

/** The system itself, as the audit log names a background run. */
const WORKER: Actor = { userId: null, ip: null, userAgent: 'sluice-worker' };

export type SyncStatus = 'ingesting' | 'queued' | 'failed';

/**
 * What a sync shows of itself: the connection's schema status, and one audit row per attempt.
 * Shared by the worker that runs a sync and the recovery that fails an orphaned one back.
 */
@Injectable()
export class SchemaSyncStatus {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly audit: AuditService,
  ) {}

  /** The connection's status, unless a newer sync took it over in the meantime. */
  async set(
    jobId: string,
    connectionId: string,
    status: SyncStatus,
    message: string | null,
    progress: { done: number; total: number | null } | null,
    finished = false,
  ): Promise<void> {
    await this.pool.query(
      `update data_connections
          set schema_status = $3, schema_message = $4,
              schema_tables_done = $5, schema_tables_total = $6,
              schema_job_id = case when $7 then null else schema_job_id end
        where id = $1 and schema_job_id = $2`,
      [
        connectionId,
        jobId,
        status,
        message,
        progress?.done ?? null,
        progress?.total ?? null,
        finished,
      ],
    );
  }

  /** One attempt's audit row (`connections:schema_sync`), in the worker's name. */
  recordAttempt(connectionId: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(WORKER, {
      action: 'connections:schema_sync',
      resourceType: 'connection',
      resourceId: connectionId,
      details,
    });
  }
}
