import { Injectable } from '@nestjs/common';
import type { ColumnTagEntry, ColumnTagRequest } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { DomainError, notFound } from '../common/domain-error';
import { ConnectionsRepository } from '../connections/connections.repository';
import { ColumnTagsRepository } from './column-tags.repository';
import { CatalogIndexer } from './index/catalog-indexer';

/** Tags columns hidden from assistants or flagged as personal data (connections:govern). */
@Injectable()
export class ColumnTagsService {
  constructor(
    private readonly tags: ColumnTagsRepository,
    private readonly connections: ConnectionsRepository,
    private readonly audit: AuditService,
    private readonly indexer: CatalogIndexer,
  ) {}

  async set(connectionId: string, body: ColumnTagRequest, actor: Actor): Promise<ColumnTagEntry[]> {
    const connection = await this.connections.findById(connectionId);
    if (!connection) throw notFound('Connection');
    const { schema, table, column, tag } = body;
    if (tag !== null && !(await this.tags.columnExists(connectionId, schema, table, column))) {
      throw new DomainError(
        'UNPROCESSABLE',
        `${schema}.${table}.${column} is not in ${connection.name}'s catalog: sync the schema, or check the names`,
        { errors: [{ path: 'column', message: 'is not in the catalog' }] },
      );
    }
    const before = await this.tags.set(connectionId, body);
    if (before !== tag) {
      await this.audit.record(actor, {
        action: 'catalog:column_tagged',
        resourceType: 'connection',
        resourceId: connectionId,
        details: { name: connection.name, schema, table, column, from: before, to: tag },
      });
      // A hidden column leaves the search index (and a shown one returns): one table re-indexed.
      if (before === 'hidden' || tag === 'hidden') await this.indexer.enqueue(connectionId);
    }
    return this.tags.list(connectionId);
  }

  async list(connectionId: string): Promise<ColumnTagEntry[]> {
    if (!(await this.connections.findById(connectionId))) throw notFound('Connection');
    return this.tags.list(connectionId);
  }
}
