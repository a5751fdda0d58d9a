import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { SchemaSync } from '@sluice/contracts';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/auth-user';
import { disabledConnection, DomainError, notFound } from '../../common/domain-error';
import { DATABASE_POOL } from '../../db/database';
import { inTransaction } from '../../db/database.repository';
import { ChangeFeed } from '../../db/change-feed';
import { isOpen, SchemaSyncQueue, toSchemaSync } from './schema-sync.queue';
import { SchemaSyncRepository } from './schema-sync.repository';

/** Why a sync was asked for, as the audit log records it. */
export type SyncReason = 'created' | 'changed' | 'requested' | 'scheduled';

/** Enqueues, shows and cancels a connection's schema sync: at most one queued or running each. */
@Injectable()
export class SchemaSyncService {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly queue: SchemaSyncQueue,
    private readonly repository: SchemaSyncRepository,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  /** The sync queued or running for the connection, or a new one: never a second. */
  async enqueue(connectionId: string, actor: Actor, reason: SyncReason): Promise<SchemaSync> {
    await this.queue.start();
    const { jobId, created, superseded } = await inTransaction(this.pool, async (tx) => {
      const current = await this.repository.lockJobOf(tx, connectionId);
      if (!current) throw notFound('Connection');
      if (!current.active) throw disabledConnection(current.name, 'sync');
      const open = current.job ? await this.queue.openJob(current.job, tx) : null;
      // A running sync read the connection's fields before they changed: a new one supersedes it.
      const superseded = open && reason === 'changed' && open.state === 'active' ? open.id : null;
      if (superseded) await this.queue.cancel(superseded);
      if (open && !superseded) return { jobId: open.id, created: false, superseded };
      const jobId = await this.queue.send({ connectionId, requestedBy: actor.userId }, tx);
      await this.repository.markQueued(tx, connectionId, jobId);
      return { jobId, created: true, superseded };
    });
    if (created) {
      this.changes.changed('data_connections');
      await this.audit.record(actor, {
        action: 'connections:schema_sync_queued',
        resourceType: 'connection',
        resourceId: connectionId,
        details: { jobId, reason, ...(superseded && { superseded }) },
      });
    }
    return this.sync(jobId);
  }

  /** The sync queued or running now, else the last one; null when there never was one. */
  async current(connectionId: string): Promise<SchemaSync | null> {
    await this.queue.start();
    const current = await this.repository.jobOf(connectionId);
    if (!current) throw notFound('Connection');
    const job = current.job ?? (await this.queue.latestOf(connectionId));
    return job ? this.sync(job) : null;
  }

  /** Cancels the queued or running sync; a running one stops before it writes anything. */
  async cancel(connectionId: string, actor: Actor): Promise<SchemaSync> {
    await this.queue.start();
    const current = await this.repository.jobOf(connectionId);
    if (!current) throw notFound('Connection');
    const job = current.job ? await this.queue.job(current.job) : null;
    if (!job || !isOpen(job.state)) {
      throw new DomainError('CONFLICT', 'No schema sync is queued or running for this connection');
    }
    await this.queue.cancel(job.id);
    await this.repository.markCancelled(connectionId, job.id);
    this.changes.changed('data_connections');
    await this.audit.record(actor, {
      action: 'connections:schema_sync_cancel',
      resourceType: 'connection',
      resourceId: connectionId,
      details: { jobId: job.id, state: job.state },
    });
    return this.sync(job.id);
  }

  /** A deleted connection's syncs are cancelled: nothing is left to read or to write. */
  async cancelAllOf(connectionId: string): Promise<void> {
    await this.queue.start();
    await this.queue.cancelAllOf(connectionId);
  }

  /** Cancels the connection's queued or running syncs, its status back to its catalog's. */
  async stopFor(connectionId: string, message: string): Promise<void> {
    const current = await this.repository.jobOf(connectionId);
    await this.cancelAllOf(connectionId);
    if (current?.job) await this.repository.markCancelled(connectionId, current.job, message);
    this.changes.changed('data_connections');
  }

  private async sync(jobId: string): Promise<SchemaSync> {
    const job = await this.queue.job(jobId);
    if (!job) throw notFound('Schema sync');
    return toSchemaSync(job);
  }
}
