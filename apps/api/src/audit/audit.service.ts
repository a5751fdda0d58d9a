import { Injectable } from '@nestjs/common';
import { AUDIT_EXPORT_LIMIT, type AuditQuery } from '@sluice/contracts';
import { auditCsv } from './audit-csv';
import type { Actor } from '../auth/auth-user';
import { AuditRepository } from './audit.repository';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Records who did what. Callers pass names of changed fields, never secret values. */
  async record(actor: Actor, entry: AuditEntry): Promise<void> {
    await this.recordWithId(actor, entry);
  }

  /** Records an event and returns its id, for answers that point at their audit event. */
  recordWithId(actor: Actor, entry: AuditEntry): Promise<string> {
    return this.repository.insert({
      actorUserId: actor.userId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      details: actor.tokenId ? { ...entry.details, tokenId: actor.tokenId } : (entry.details ?? {}),
      ip: actor.ip,
      userAgent: actor.userAgent?.slice(0, 500) ?? null,
    });
  }

  recentQueries(userId: string, connectionId: string | undefined) {
    return this.repository.recentQueries(userId, connectionId);
  }

  list(query: AuditQuery) {
    return this.repository.list(query);
  }

  /** The events that match, newest first, as CSV (at most AUDIT_EXPORT_LIMIT). */
  async exportCsv(query: AuditQuery): Promise<string> {
    return auditCsv(await this.repository.matching(query, AUDIT_EXPORT_LIMIT));
  }
}
