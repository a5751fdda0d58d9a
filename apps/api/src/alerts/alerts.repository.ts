import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { DbType, NotificationChannel } from '@sluice/contracts';
import { DATABASE, DATABASE_POOL, type Database } from '../db/database';
import { notificationChannels as t } from '../db/tables';

type ChannelRow = typeof t.$inferSelect;
export type ChannelValues = Pick<
  typeof t.$inferInsert,
  'name' | 'kind' | 'encryptedUrl' | 'target' | 'enabled' | 'createdByUserId'
>;

/** A connection as an alert names it. */
export interface AlertedConnection {
  id: string;
  name: string;
  dbType: DbType;
}

function toChannel(row: ChannelRow): NotificationChannel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: row.target,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    lastDeliveryAt: row.lastDeliveryAt?.toISOString() ?? null,
    lastDeliveryOk: row.lastDeliveryOk,
    lastDeliveryMessage: row.lastDeliveryMessage,
  };
}

/** Notification channels, and the connections' alert state (down alerted or not). */
@Injectable()
export class AlertsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
  ) {}

  async list(): Promise<NotificationChannel[]> {
    const rows = await this.db.select().from(t).orderBy(asc(t.name), asc(t.id));
    return rows.map(toChannel);
  }

  async find(id: string): Promise<NotificationChannel | null> {
    const [row] = await this.db.select().from(t).where(eq(t.id, id));
    return row ? toChannel(row) : null;
  }

  /** The channel with its sealed URL: for a delivery only. */
  async sealed(id: string): Promise<(NotificationChannel & { encryptedUrl: string }) | null> {
    const [row] = await this.db.select().from(t).where(eq(t.id, id));
    return row ? { ...toChannel(row), encryptedUrl: row.encryptedUrl } : null;
  }

  async enabledIds(): Promise<string[]> {
    const rows = await this.db.select({ id: t.id }).from(t).where(eq(t.enabled, true));
    return rows.map((r) => r.id);
  }

  async insert(values: ChannelValues): Promise<NotificationChannel> {
    const [row] = await this.db.insert(t).values(values).returning();
    return toChannel(row!);
  }

  async update(
    id: string,
    changes: Partial<Pick<ChannelValues, 'name' | 'encryptedUrl' | 'target' | 'enabled'>>,
  ): Promise<NotificationChannel | null> {
    const [row] = await this.db.update(t).set(changes).where(eq(t.id, id)).returning();
    return row ? toChannel(row) : null;
  }

  async delete(id: string): Promise<NotificationChannel | null> {
    const [row] = await this.db.delete(t).where(eq(t.id, id)).returning();
    return row ? toChannel(row) : null;
  }

  /** The sealed URLs after an id, for key rotation. */
  async urlsAfter(lastId: string | null, limit: number): Promise<{ id: string; sealed: string }[]> {
    return this.db
      .select({ id: t.id, sealed: t.encryptedUrl })
      .from(t)
      .where(lastId ? gt(t.id, lastId) : undefined)
      .orderBy(asc(t.id))
      .limit(limit);
  }

  /** Swaps a sealed URL only if nobody changed it meanwhile. */
  async replaceUrl(id: string, previous: string, next: string): Promise<boolean> {
    const rows = await this.db
      .update(t)
      .set({ encryptedUrl: next })
      .where(and(eq(t.id, id), eq(t.encryptedUrl, previous)))
      .returning({ id: t.id });
    return rows.length === 1;
  }

  async recordDelivery(id: string, ok: boolean, message: string): Promise<void> {
    await this.db
      .update(t)
      .set({ lastDeliveryAt: new Date(), lastDeliveryOk: ok, lastDeliveryMessage: message })
      .where(eq(t.id, id));
  }

  /**
   * Marks a connection down once its last `failures` checks all failed, unless already marked:
   * the connection when this call made the change (one process alerts), else null.
   */
  async markDown(connectionId: string, failures: number): Promise<AlertedConnection | null> {
    const { rows } = await this.pool.query<AlertedConnection>(
      `update data_connections set alerted_down = true
        where id = $1 and is_active and not alerted_down
          and (select count(*) filter (where not last.success)
                 from (select success from health_checks where connection_id = $1
                        order by checked_at desc limit $2) last) = $2
       returning id, name, db_type as "dbType"`,
      [connectionId, failures],
    );
    return rows[0] ?? null;
  }

  /** Clears the down mark at the first success: the connection when it was marked, else null. */
  async markUp(connectionId: string): Promise<AlertedConnection | null> {
    const { rows } = await this.pool.query<AlertedConnection>(
      `update data_connections set alerted_down = false where id = $1 and alerted_down
       returning id, name, db_type as "dbType"`,
      [connectionId],
    );
    return rows[0] ?? null;
  }

  async connection(id: string): Promise<AlertedConnection | null> {
    const { rows } = await this.pool.query<AlertedConnection>(
      `select id, name, db_type as "dbType" from data_connections where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
