import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/auth-user';
import { SchemaSyncRepository, type SyncStatus } from './schema-sync.repository';

/** The system itself, as the audit log names a background run. */
const WORKER: Actor = { userId: null, ip: null, userAgent: 'sluice-worker' };

/**
 * What a sync shows of itself: the connection's schema status, and one audit row per attempt.
 * Shared by the worker that runs a sync and the recovery that fails an orphaned one back.
 */
@Injectable()
export class SchemaSyncStatus {
  constructor(
    private readonly repository: SchemaSyncRepository,
    private readonly audit: AuditService,
  ) {}

  /** The connection's status, unless a newer sync took it over in the meantime. */
  set(
    jobId: string,
    connectionId: string,
    status: SyncStatus,
    message: string | null,
    progress: { done: number; total: number | null } | null,
    finished = false,
  ): Promise<void> {
    return this.repository.setStatus(jobId, connectionId, status, message, progress, finished);
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
