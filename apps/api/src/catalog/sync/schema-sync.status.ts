import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/auth-user';

/** The system itself, as the audit log names a background run. */
const WORKER: Actor = { userId: null, ip: null, userAgent: 'sluice-worker' };

/**
 * One audit row per sync attempt, in the worker's name (the status columns are written through
 * SchemaSyncRepository). Shared by the worker and the recovery that fails an orphaned run back.
 */
@Injectable()
export class SchemaSyncStatus {
  constructor(private readonly audit: AuditService) {}

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
