import { Injectable } from '@nestjs/common';
import type { SchemaListQuery } from '@sluice/contracts';
import { notFound } from '../common/domain-error';
import { ConnectionsRepository } from '../connections/connections.repository';
import { CatalogRepository } from './catalog.repository';
import { CatalogIndexRepository } from './index/catalog-index.repository';
import { CatalogIndexer } from './index/catalog-indexer';

/** Reading the catalog: one connection's objects, with how far its search index is, and its changes. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly connections: ConnectionsRepository,
    private readonly index: CatalogIndexRepository,
    private readonly indexer: CatalogIndexer,
  ) {}

  async list(connectionId: string, query: SchemaListQuery) {
    const connectionName = await this.nameOf(connectionId);
    const [page, embedding] = await Promise.all([
      this.catalog.list(connectionId, query),
      this.index.status(connectionId, this.indexer.model),
    ]);
    return { ...page, connectionName, embedding };
  }

  async changes(connectionId: string) {
    await this.nameOf(connectionId);
    return this.catalog.changes(connectionId);
  }

  private async nameOf(id: string): Promise<string> {
    const connection = await this.connections.findById(id);
    if (!connection) throw notFound('Connection');
    return connection.name;
  }
}
