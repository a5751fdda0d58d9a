import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Permission, Role } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { permissions, rolePermissions, roles, sessions, users } from '../db/tables';
import type { AuthUser } from './auth-user';

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(userId: string, ttlSeconds: number): Promise<string> {
    const [row] = await this.db
      .insert(sessions)
      .values({ userId, expiresAt: new Date(Date.now() + ttlSeconds * 1000) })
      .returning({ id: sessions.id });
    return row!.id;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  }

  /** The live principal behind a session: active user, unrevoked and unexpired session. */
  async findPrincipal(sessionId: string, userId: string): Promise<AuthUser | null> {
    const rows = await this.db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: roles.name,
        permissions: sql<Permission[]>`coalesce(array_agg(${permissions.name} order by ${permissions.name}) filter (where ${permissions.name} is not null), '{}')`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(roles, eq(roles.id, users.roleId))
      .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
      .leftJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
          eq(users.isActive, true),
        ),
      )
      .groupBy(users.id, roles.name);
    const row = rows[0];
    return row ? { ...row, role: row.role as Role, sessionId } : null;
  }
}
