import { Injectable } from '@nestjs/common';
import type { CatalogSearchQuery, SchemaListQuery } from '@sluice/contracts';
import { notFound } from '../common/domain-error';
import { ConnectionsRepository } from '../connections/connections.repository';
import { CatalogRepository } from './catalog.repository';

/** Reading the catalog: one connection's objects and changes, and search across all of them. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly connections: ConnectionsRepository,
  ) {}

  async list(connectionId: string, query: SchemaListQuery) {
    const connectionName = await this.nameOf(connectionId);
    return { ...(await this.catalog.list(connectionId, query)), connectionName };
  }

  async changes(connectionId: string) {
    await this.nameOf(connectionId);
    return this.catalog.changes(connectionId);
  }

  search(query: CatalogSearchQuery) {
    return this.catalog.search(query);
  }

  private async nameOf(id: string): Promise<string> {
    const connection = await this.connections.findById(id);
    if (!connection) throw notFound('Connection');
    return connection.name;
  }
}
