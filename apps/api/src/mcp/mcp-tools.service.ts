import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AI_QUERY_LIMITS, type Connection, type Permission } from '@sluice/contracts';
import type { Actor, AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { AnswerCache } from '../common/answer-cache';
import { ChangeFeed } from '../db/change-feed';
import type { HiddenColumn } from '../connections/drivers/core/column-refs';
import { ConnectionsRepository } from '../connections/connections.repository';
import { CatalogRepository } from '../catalog/catalog.repository';
import { CatalogRetrieval } from '../catalog/index/catalog-retrieval.service';
import { ColumnTagsRepository } from '../catalog/column-tags.repository';
import { QueryService } from '../connections/query/query.service';
import {
  catalogHitOf,
  connectionSummaryOf,
  tableDescriptionOf,
  type CatalogHit,
  type ConnectionSummary,
  type QueryAnswer,
  type TableDescription,
} from './mcp-shapes';

const CACHE = { maxEntries: 1000, ttlMs: 60_000 };
/** What search_catalog adds as DDL: a few tables, about 3,000 tokens. */
const CONTEXT = { maxTables: 6, maxChars: 12_000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const can = (user: AuthUser, permission: Permission) =>
  user.permissions.includes(permission);

/**
 * What the MCP tools do, for one caller: only connections whose AI access is not off, only their
 * catalogs without hidden columns, and queries only where AI access is `query`, through the one
 * query engine with an assistant's limits and never the write credential.
 */
@Injectable()
export class McpToolsService {
  /** Connections by id or name, and their hidden columns: kept until their tables change. */
  private readonly lookups: AnswerCache<Connection | null>;
  private readonly hidden: AnswerCache<HiddenColumn[]>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionsRepository,
    private readonly catalog: CatalogRepository,
    private readonly retrieval: CatalogRetrieval,
    private readonly tags: ColumnTagsRepository,
    private readonly queries: QueryService,
    changes: ChangeFeed,
  ) {
    this.lookups = new AnswerCache(changes, { ...CACHE, tables: ['data_connections'] });
    this.hidden = new AnswerCache(changes, { ...CACHE, tables: ['catalog_column_tags'] });
  }

  async listConnections(user: AuthUser, query: string | undefined, limit: number) {
    const found = await this.connections.listForAssistants(query, limit);
    return found.map((c) => connectionSummaryOf(c, can(user, 'connections:read')));
  }

  async searchCatalog(query: string, connection: string | undefined, limit: number) {
    const ids = connection
      ? [(await this.open(connection, 'catalog')).id]
      : await this.connections.idsForAssistants();
    if (ids.length === 0) return { hits: [], context: null };
    const { hits, context } = await this.retrieval.searchWithContext(
      { q: query, limit, mode: 'hybrid' },
      { q: query, maxTables: CONTEXT.maxTables, maxChars: CONTEXT.maxChars },
      { connectionIds: ids, withoutHidden: true },
    );
    return { hits: hits.map(catalogHitOf), context };
  }

  async describeTable(connection: string, schema: string | undefined, table: string) {
    const target = await this.open(connection, 'catalog');
    const found = await this.catalog.findObject(target.id, schema, table);
    const where = schema ? `${schema}.${table}` : table;
    if (found.length === 0)
      throw new DomainError(
        'NOT_FOUND',
        `${where} is not in ${target.name}'s catalog: search_catalog finds tables by name or meaning`,
      );
    if (found.length > 1)
      throw new DomainError(
        'UNPROCESSABLE',
        `${table} is in several schemas of ${target.name} (${found.map((o) => o.schemaName).join(', ')}): give the schema`,
      );
    return { ...tableDescriptionOf(target, found[0]!), connectionId: target.id };
  }

  async runQuery(
    user: AuthUser,
    actor: Actor,
    args: { connection: string; sql: string; max_rows?: number | undefined },
    signal: AbortSignal,
  ): Promise<QueryAnswer & { connectionId: string }> {
    const target = await this.open(args.connection, 'query');
    const hidden = await this.hidden.get(target.id, async () =>
      (await this.tags.list(target.id)).filter((t) => t.tag === 'hidden'),
    );
    const maxRows = args.max_rows ?? AI_QUERY_LIMITS.maxRows.default;
    const body = { sql: args.sql, maxRows, timeoutMs: this.config.mcp.queryTimeoutMs };
    const outcome = await this.queries.run(target.id, body, user, actor, signal, {
      hidden,
      maxBytes: AI_QUERY_LIMITS.responseBytes,
      audit: { action: 'ai:tool_call', details: { tool: 'run_query', arguments: args } },
    });
    return {
      connectionId: target.id,
      connection: target.name,
      columns: outcome.columns,
      rows: JSON.parse(outcome.rowsJson) as unknown[][],
      rowCount: outcome.rowCount,
      truncated: outcome.truncated,
      auditId: outcome.auditId,
    };
  }

  /** A connection by id or exact name, open to assistants for `use`. */
  async open(reference: string, use: 'catalog' | 'query'): Promise<Connection> {
    const found = await this.lookups.get(reference, () =>
      UUID.test(reference)
        ? this.connections.findById(reference)
        : this.connections.findByName(reference),
    );
    if (!found || found.aiAccess === 'off' || !found.isActive)
      throw new DomainError(
        'NOT_FOUND',
        `No connection open to assistants is called ${reference}: list_connections shows those that are`,
      );
    if (use === 'query' && found.aiAccess !== 'query')
      throw new DomainError(
        'FORBIDDEN',
        `${found.name} is open to assistants for its catalog only: an admin can allow read-only queries (AI access "query")`,
      );
    return found;
  }
}

export type { CatalogHit, ConnectionSummary, TableDescription };
