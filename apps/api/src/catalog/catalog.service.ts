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
    await this.exists(connectionId);
    return this.catalog.list(connectionId, query);
  }

  async changes(connectionId: string) {
    await this.exists(connectionId);
    return this.catalog.changes(connectionId);
  }

  search(query: CatalogSearchQuery) {
    return this.catalog.search(query);
  }

  private async exists(id: string): Promise<void> {
    if (!(await this.connections.findById(id))) throw notFound('Connection');
  }
}
