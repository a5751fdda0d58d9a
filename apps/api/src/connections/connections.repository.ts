import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  ilike,
  isNotNull,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Connection, ConnectionListQuery, ConnectionStatus, Page } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { dataConnections as t } from '../db/tables';
import { likePattern, offsetOf, toPage } from '../common/pagination';
import { toConnection } from './connection-rows';

/** Every column a response may show: never the ciphertext, only whether there is one. */
const connectionColumns = {
  id: t.id,
  name: t.name,
  description: t.description,
  dbType: t.dbType,
  host: t.host,
  port: t.port,
  databaseName: t.databaseName,
  username: t.username,
  hasCredential: sql<boolean>`${t.encryptedCredential} is not null`,
  writeUsername: t.writeUsername,
  hasWriteCredential: sql<boolean>`${t.encryptedWriteCredential} is not null`,
  aiAccess: t.aiAccess,
  useSsl: t.useSsl,
  sshTunnel: t.sshTunnel,
  hasSshCredential: t.hasSshCredential,
  provisionedFrom: t.provisionedFrom,
  options: t.options,
  connectionMode: t.connectionMode,
  purpose: t.purpose,
  isActive: t.isActive,
  serverVersion: t.serverVersion,
  schemaStatus: t.schemaStatus,
  schemaIngestedAt: t.schemaIngestedAt,
  schemaMessage: t.schemaMessage,
  syncSchedule: t.syncSchedule,
  nextSyncAt: t.nextSyncAt,
  healthCheckInterval: t.healthCheckInterval,
  healthState: t.healthState,
  healthCheckedAt: t.healthCheckedAt,
  nextCheckAt: t.nextCheckAt,
  schemaProgress: sql<
    Connection['schemaProgress']
  >`case when ${t.schemaTablesTotal} is null then null
    else json_build_object('tablesDone', coalesce(${t.schemaTablesDone}, 0), 'tablesTotal', ${t.schemaTablesTotal}) end`,
  lastTestedAt: t.lastTestedAt,
  lastTestResult: t.lastTestResult,
  lastTestMessage: t.lastTestMessage,
  lastTest: t.lastTest,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  createdByUserId: t.createdByUserId,
  createdByName: sql<string | null>`(select u.name from users u where u.id = ${t.createdByUserId})`,
  updatedByName: sql<
    string | null
  >`(select u.name from audit_events a join users u on u.id = a.actor_user_id
    where a.resource_type = 'connection' and a.resource_id = data_connections.id::text
      and a.action = 'connections:update' order by a.created_at desc limit 1)`,
  version: t.version,
};

/** Enabled, and with AI access other than off. */
const OPEN_TO_ASSISTANTS = and(ne(t.aiAccess, 'off'), eq(t.isActive, true));
/** The Status filter: by the last test, or the health checks (down); disabled stands apart. */
const STATUS_FILTERS: Record<ConnectionStatus, SQL> = {
  connected: sql`${t.isActive} and ${t.lastTestResult} is true`,
  failing: sql`${t.isActive} and ${t.lastTestResult} is false`,
  down: sql`${t.isActive} and ${t.healthState} = 'down'`,
  untested: sql`${t.isActive} and ${t.lastTestResult} is null`,
  disabled: sql`not ${t.isActive}`,
};

/** Text sorted as a person reads it (migration 0009): "mass" before "Warehouse", 2 before 10. */
const natural = (column: SQL | typeof t.name) => sql`${column} collate sluice_natural`;

const SORT_COLUMNS = {
  name: natural(t.name),
  dbType: t.dbType,
  createdAt: t.createdAt,
  lastTestedAt: t.lastTestedAt,
};

/** The two encrypted columns: the read-only credential and the write one. */
export type CredentialColumn = 'encryptedCredential' | 'encryptedWriteCredential';

export type ConnectionValues = Omit<typeof t.$inferInsert, 'createdAt' | 'updatedAt' | 'version'>;

/** A test's outcome as stored on the connection (see `lastTestOf`). */
export type TestOutcome = Pick<
  ConnectionValues,
  'lastTestedAt' | 'lastTestResult' | 'lastTestMessage' | 'lastTest' | 'serverVersion'
>;

@Injectable()
export class ConnectionsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    /** Told of every write, so that this process's cached lists drop at once. */
    @Optional() private readonly changes?: ChangeFeed,
  ) {}

  private written<T>(result: T): T {
    this.changes?.changed('data_connections');
    return result;
  }

  async list(query: ConnectionListQuery): Promise<Page<Connection>> {
    const filters: SQL[] = [];
    if (query.search) {
      const pattern = likePattern(query.search);
      filters.push(
        or(
          ilike(t.name, pattern),
          ilike(t.description, pattern),
          ilike(t.host, pattern),
          ilike(t.databaseName, pattern),
        )!,
      );
    }
    if (query.dbType) filters.push(eq(t.dbType, query.dbType));
    if (query.status) filters.push(STATUS_FILTERS[query.status]);
    const where = and(...filters);
    const column = SORT_COLUMNS[query.sortBy];
    const direction = query.sortOrder === 'asc' ? asc : desc;
    const order =
      query.sortBy === 'lastTestedAt'
        ? sql`${column} ${sql.raw(query.sortOrder === 'asc' ? 'asc' : 'desc')} nulls last`
        : direction(column);
    const [rows, [total]] = await Promise.all([
      this.db
        .select(connectionColumns)
        .from(t)
        .where(where)
        .orderBy(order, direction(t.id))
        .limit(query.pageSize)
        .offset(offsetOf(query.page, query.pageSize)),
      this.db.select({ value: count() }).from(t).where(where),
    ]);
    return toPage(rows.map(toConnection), total?.value ?? 0, query.page, query.pageSize);
  }

  findById(id: string): Promise<Connection | null> {
    return this.findWhere(eq(t.id, id));
  }

  findByName(name: string): Promise<Connection | null> {
    return this.findWhere(eq(t.name, name));
  }

  private async findWhere(where: SQL): Promise<Connection | null> {
    const [row] = await this.db.select(connectionColumns).from(t).where(where);
    return row ? toConnection(row) : null;
  }

  /** The ids of every enabled connection open to assistants: the scope of their catalog search. */
  async idsForAssistants(): Promise<string[]> {
    const rows = await this.db.select({ id: t.id }).from(t).where(OPEN_TO_ASSISTANTS);
    return rows.map((r) => r.id);
  }

  /** Enabled connections open to assistants (AI access not off), by name, matching `search`. */
  async listForAssistants(search: string | undefined, limit: number): Promise<Connection[]> {
    const pattern = search ? likePattern(search) : undefined;
    const rows = await this.db
      .select(connectionColumns)
      .from(t)
      .where(
        and(
          OPEN_TO_ASSISTANTS,
          pattern ? or(ilike(t.name, pattern), ilike(t.description, pattern)) : undefined,
        ),
      )
      .orderBy(asc(t.name))
      .limit(limit);
    return rows.map(toConnection);
  }

  /** The stored ciphertext: undefined when the connection does not exist, null when it has none. */
  async findCredential(id: string): Promise<string | null | undefined> {
    const [row] = await this.db
      .select({ encryptedCredential: t.encryptedCredential })
      .from(t)
      .where(eq(t.id, id));
    return row ? row.encryptedCredential : undefined;
  }

  /** The write credential's user and ciphertext; undefined when the connection does not exist. */
  async findWriteCredential(
    id: string,
  ): Promise<{ writeUsername: string | null; sealed: string | null } | undefined> {
    const [row] = await this.db
      .select({ writeUsername: t.writeUsername, sealed: t.encryptedWriteCredential })
      .from(t)
      .where(eq(t.id, id));
    return row;
  }

  async insert(values: ConnectionValues): Promise<Connection> {
    const [row] = await this.db.insert(t).values(values).returning(connectionColumns);
    return this.written(toConnection(row!));
  }

  /**
   * Applies the changes and bumps the version, only while the version is the expected one
   * (when given). Null when no row matched: unknown id or a stale version.
   */
  async update(
    id: string,
    changes: Partial<ConnectionValues>,
    expectedVersion?: number,
  ): Promise<Connection | null> {
    const [row] = await this.db
      .update(t)
      .set({ ...changes, version: sql`${t.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(t.id, id),
          expectedVersion === undefined ? undefined : eq(t.version, expectedVersion),
        ),
      )
      .returning(connectionColumns);
    return this.written(row ? toConnection(row) : null);
  }

  async delete(id: string): Promise<Connection | null> {
    const [row] = await this.db.delete(t).where(eq(t.id, id)).returning(connectionColumns);
    return this.written(row ? toConnection(row) : null);
  }

  /** Stores the outcome of a test of the saved connection; not an edit, so the version stays. */
  async recordTest(id: string, outcome: TestOutcome): Promise<void> {
    await this.db.update(t).set(outcome).where(eq(t.id, id));
    this.written(undefined);
  }

  /** Stored credentials after an id, in id order: key rotation walks them in batches. */
  async credentialsAfter(
    lastId: string | null,
    limit: number,
    which: CredentialColumn = 'encryptedCredential',
  ): Promise<{ id: string; encryptedCredential: string }[]> {
    const column = t[which];
    const rows = await this.db
      .select({ id: t.id, encryptedCredential: column })
      .from(t)
      .where(and(isNotNull(column), lastId ? gt(t.id, lastId) : undefined))
      .orderBy(asc(t.id))
      .limit(limit);
    return rows.map((r) => ({ id: r.id, encryptedCredential: r.encryptedCredential ?? '' }));
  }

  /** Swaps a credential only if nobody changed it meanwhile; false when someone did. */
  async replaceCredential(
    id: string,
    previous: string,
    next: string,
    which: CredentialColumn = 'encryptedCredential',
  ): Promise<boolean> {
    const rows = await this.db
      .update(t)
      .set({ [which]: next })
      .where(and(eq(t.id, id), eq(t[which], previous)))
      .returning({ id: t.id });
    return this.written(rows.length === 1);
  }
}
