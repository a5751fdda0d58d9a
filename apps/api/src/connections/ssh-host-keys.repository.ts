import { Inject, Injectable, Optional } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { dataConnections as t } from '../db/tables';

@Injectable()
export class SshHostKeysRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Optional() private readonly changes?: ChangeFeed,
  ) {}

  /**
   * Pins the key a passing test saw, only while the connection still has a tunnel to the same
   * bastion and no pinned key (a concurrent edit or acceptance wins). Not an edit: the version stays.
   */
  async pinIfUnset(
    id: string,
    bastion: { host: string; port: number; username: string },
    fingerprint: string,
  ): Promise<boolean> {
    const rows = await this.db
      .update(t)
      .set({
        sshTunnel: sql`jsonb_set(${t.sshTunnel}, '{hostKeyFingerprint}', to_jsonb(${fingerprint}::text))`,
      })
      .where(
        and(
          eq(t.id, id),
          sql`${t.sshTunnel}->>'hostKeyFingerprint' is null`,
          sql`${t.sshTunnel}->>'host' = ${bastion.host}`,
          sql`(${t.sshTunnel}->>'port')::int = ${bastion.port}`,
          sql`${t.sshTunnel}->>'username' = ${bastion.username}`,
        ),
      )
      .returning({ id: t.id });
    if (rows.length > 0) this.changes?.changed('data_connections');
    return rows.length > 0;
  }
}
