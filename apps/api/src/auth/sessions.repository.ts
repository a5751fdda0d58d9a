import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql, ne } from 'drizzle-orm';
import type { Role } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { AnswerCache } from '../common/answer-cache';
import { roles, sessions, users } from '../db/tables';
import { RolePermissionsRepository } from './role-permissions.repository';
import type { AuthUser } from './auth-user';

const PRINCIPAL_CACHE = {
  tables: ['sessions', 'users', 'roles', 'role_permissions'],
  maxEntries: 10_000,
  ttlMs: 10_000,
};

@Injectable()
export class SessionsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly changes: ChangeFeed,
    private readonly roleGrants: RolePermissionsRepository,
  ) {
    this.principals = new AnswerCache(changes, PRINCIPAL_CACHE);
  }

  /**
   * Principals by session, kept until a session, user or role changes anywhere: a signed-in
   * request then needs no query to know who asks. Expiry is checked on every request.
   */
  private readonly principals: AnswerCache<{ user: AuthUser; expiresAt: number } | null>;

  async create(userId: string, ttlSeconds: number): Promise<string> {
    const [row] = await this.db
      .insert(sessions)
      .values({ userId, expiresAt: new Date(Date.now() + ttlSeconds * 1000) })
      .returning({ id: sessions.id });
    return row!.id;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
    this.changes.changed('sessions');
  }

  /** Every live session of a user, but `keep` (the one making the change) when given. */
  async revokeAllOf(userId: string, keep?: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          keep === undefined ? undefined : ne(sessions.id, keep),
        ),
      );
    this.changes.changed('sessions');
  }

  /** The live principal behind a session: active user, unrevoked and unexpired session. */
  async findPrincipal(sessionId: string, userId: string): Promise<AuthUser | null> {
    const found = await this.principals.get(`${sessionId}:${userId}`, () =>
      this.readPrincipal(sessionId, userId),
    );
    return found && found.expiresAt > Date.now() ? found.user : null;
  }

  /** One indexed row. */
  private async readPrincipal(
    sessionId: string,
    userId: string,
  ): Promise<{ user: AuthUser; expiresAt: number } | null> {
    const [row] = await this.db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: roles.name,
        mustChangePassword: users.mustChangePassword,
        expiresAt: sessions.expiresAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(roles, eq(roles.id, users.roleId))
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
          eq(users.isActive, true),
        ),
      );
    if (!row) return null;
    const { expiresAt, ...user } = row;
    return {
      user: {
        ...user,
        role: user.role as Role,
        permissions: await this.roleGrants.permissionsOf(user.role),
        sessionId,
        token: null,
      },
      expiresAt: expiresAt.getTime(),
    };
  }
}
