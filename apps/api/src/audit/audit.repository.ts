import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditEvent, AuditQuery, Page, QueryHistoryItem } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { auditEvents, users } from '../db/tables';
import { offsetOf, toPage } from '../common/pagination';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Stores one event and returns its id. */
  async insert(event: NewAuditEvent): Promise<string> {
    const [row] = await this.db.insert(auditEvents).values(event).returning({ id: auditEvents.id });
    return row!.id;
  }

  /** A user's own latest queries (of one connection, or all), newest first. */
  async recentQueries(
    userId: string,
    connectionId: string | undefined,
  ): Promise<QueryHistoryItem[]> {
    const rows = await this.db
      .select({
        auditId: auditEvents.id,
        connectionId: auditEvents.resourceId,
        details: auditEvents.details,
        at: auditEvents.createdAt,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, userId),
          eq(auditEvents.action, 'connections:query'),
          connectionId === undefined ? undefined : eq(auditEvents.resourceId, connectionId),
        ),
      )
      .orderBy(desc(auditEvents.createdAt))
      .limit(30);
    return rows.map((r) => ({
      auditId: r.auditId,
      connectionId: r.connectionId ?? '',
      sql: typeof r.details['sql'] === 'string' ? r.details['sql'] : '',
      outcome: typeof r.details['outcome'] === 'string' ? r.details['outcome'] : 'unknown',
      rowCount: typeof r.details['rowCount'] === 'number' ? r.details['rowCount'] : null,
      at: r.at.toISOString(),
    }));
  }

  async list(query: AuditQuery): Promise<Page<AuditEvent>> {
    const where = filtersOf(query);
    const [items, [total]] = await Promise.all([
      this.events(where, query.pageSize, offsetOf(query.page, query.pageSize)),
      this.db.select({ value: count() }).from(auditEvents).where(where),
    ]);
    return toPage(items, total?.value ?? 0, query.page, query.pageSize);
  }

  /** Up to `limit` events that match, newest first (for an export). */
  matching(query: AuditQuery, limit: number): Promise<AuditEvent[]> {
    return this.events(filtersOf(query), limit, 0);
  }

  private async events(where: SQL | undefined, limit: number, offset: number) {
    const rows = await this.db
      .select({
        id: auditEvents.id,
        actorUserId: auditEvents.actorUserId,
        actorEmail: users.email,
        actorName: users.name,
        action: auditEvents.action,
        resourceType: auditEvents.resourceType,
        resourceId: auditEvents.resourceId,
        resourceName: RESOURCE_NAME,
        details: auditEvents.details,
        ip: auditEvents.ip,
        userAgent: auditEvents.userAgent,
        createdAt: auditEvents.createdAt,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(limit)
      .offset(offset);
    return rows.map((row) => ({
      ...row,
      actorEmail: row.actorEmail ?? null,
      actorName: row.actorName ?? null,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}

/** The name an event recorded, or else the resource's current one (connections, users, tokens, channels). */
const RESOURCE_NAME = sql<
  string | null
>`coalesce(${auditEvents.details}->>'name', case ${auditEvents.resourceType}
  when 'connection' then (select c.name from data_connections c where c.id::text = ${auditEvents.resourceId})
  when 'user' then (select u.name from users u where u.id::text = ${auditEvents.resourceId})
  when 'api_token' then (select k.name from api_tokens k where k.id::text = ${auditEvents.resourceId})
  when 'notification_channel' then (select n.name from notification_channels n where n.id::text = ${auditEvents.resourceId})
  when 'provisioning_file' then ${auditEvents.resourceId}
  end)`;

/** `connections` is every `connections:…` action; `connections:create` is that action alone. */
function actionFilter(action: string): SQL {
  if (action.includes(':')) return eq(auditEvents.action, action);
  return like(auditEvents.action, `${action.replace(/[\\%_]/g, '\\$&')}:%`);
}

function filtersOf(query: AuditQuery): SQL | undefined {
  const filters: SQL[] = [];
  if (query.action) filters.push(actionFilter(query.action));
  if (query.resourceType) filters.push(eq(auditEvents.resourceType, query.resourceType));
  if (query.resourceId) filters.push(eq(auditEvents.resourceId, query.resourceId));
  if (query.actorUserId) filters.push(eq(auditEvents.actorUserId, query.actorUserId));
  if (query.from) filters.push(gte(auditEvents.createdAt, new Date(query.from)));
  if (query.to) filters.push(lte(auditEvents.createdAt, new Date(query.to)));
  return and(...filters);
}
