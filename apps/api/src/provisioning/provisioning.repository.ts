import { Inject, Injectable, Optional } from '@nestjs/common';
import { and, eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { dataConnections as t } from '../db/tables';

export type ConnectionRow = typeof t.$inferSelect;
export type ConnectionInsert = typeof t.$inferInsert;

/** What one apply writes, all in one transaction. */
export interface ProvisioningWrites {
  inserts: ConnectionInsert[];
  updates: { id: string; values: Partial<ConnectionInsert> }[];
  deletes: string[];
}

/** Connections as provisioning reads and writes them: whole rows, sealed secrets included. */
@Injectable()
export class ProvisioningRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Optional() private readonly changes?: ChangeFeed,
  ) {}

  byNames(names: string[]): Promise<ConnectionRow[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.db.select().from(t).where(inArray(t.name, names));
  }

  /** The connections an apply of `file` created: what `prune` may delete. */
  createdBy(file: string): Promise<{ id: string; name: string }[]> {
    return this.db
      .select({ id: t.id, name: t.name })
      .from(t)
      .where(and(eq(t.provisionedFrom, file), eq(t.provisionedCreated, true)));
  }

  all(): Promise<ConnectionRow[]> {
    return this.db.select().from(t).orderBy(t.name);
  }

  async write(writes: ProvisioningWrites): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (writes.inserts.length > 0) await tx.insert(t).values(writes.inserts);
      for (const { id, values } of writes.updates)
        await tx.update(t).set(values).where(eq(t.id, id));
      if (writes.deletes.length > 0) await tx.delete(t).where(inArray(t.id, writes.deletes));
    });
    this.changes?.changed('data_connections');
  }
}
