import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { ApiToken, Permission, Role } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { AnswerCache } from '../common/answer-cache';
import { apiTokens, roles, users } from '../db/tables';
import type { AuthUser } from '../auth/auth-user';
import { RolePermissionsRepository } from '../auth/role-permissions.repository';
import { sameHash } from './pat';

const PRINCIPAL_CACHE = {
  tables: ['api_tokens', 'users', 'roles', 'role_permissions'],
  maxEntries: 10_000,
  ttlMs: 10_000,
};

const columns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
};

function toApiToken(row: {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
}): ApiToken {
  return {
    ...row,
    scopes: row.scopes as Permission[],
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiTokensRepository {
  /** Principals by token hash, dropped the moment a token, user or role changes in any process. */
  private readonly principals: AnswerCache<{ user: AuthUser; expiresAt: number } | null>;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly changes: ChangeFeed,
    private readonly roleGrants: RolePermissionsRepository,
  ) {
    this.principals = new AnswerCache(changes, PRINCIPAL_CACHE);
  }

  async create(token: {
    userId: string;
    name: string;
    scopes: Permission[];
    tokenHash: string;
    expiresAt: Date;
  }): Promise<ApiToken> {
    const [row] = await this.db.insert(apiTokens).values(token).returning(columns);
    return toApiToken(row!);
  }

  /** Live tokens (neither revoked nor expired), newest first; of one user, or of everyone. */
  async list(userId: string | undefined): Promise<ApiToken[]> {
    const rows = await this.db
      .select(columns)
      .from(apiTokens)
      .where(
        and(
          userId === undefined ? undefined : eq(apiTokens.userId, userId),
          isNull(apiTokens.revokedAt),
          gt(apiTokens.expiresAt, sql`now()`),
        ),
      )
      .orderBy(desc(apiTokens.createdAt))
      .limit(1000);
    return rows.map(toApiToken);
  }

  async findLive(id: string): Promise<ApiToken | null> {
    const [row] = await this.db
      .select(columns)
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    return row ? toApiToken(row) : null;
  }

  async revoke(id: string): Promise<void> {
    await this.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id));
    this.changes.changed('api_tokens');
  }

  async touch(id: string): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
  }

  /** The owner behind a live token, limited to its scopes; null for anything else. */
  async findPrincipal(tokenHash: string): Promise<AuthUser | null> {
    const found = await this.principals.get(tokenHash, () => this.readPrincipal(tokenHash));
    return found && found.expiresAt > Date.now() ? found.user : null;
  }

  private async readPrincipal(
    tokenHash: string,
  ): Promise<{ user: AuthUser; expiresAt: number } | null> {
    const [row] = await this.db
      .select({
        tokenId: apiTokens.id,
        tokenHash: apiTokens.tokenHash,
        scopes: apiTokens.scopes,
        expiresAt: apiTokens.expiresAt,
        id: users.id,
        email: users.email,
        name: users.name,
        role: roles.name,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(roles, eq(roles.id, users.roleId))
      .where(
        and(
          eq(apiTokens.tokenHash, tokenHash),
          isNull(apiTokens.revokedAt),
          gt(apiTokens.expiresAt, sql`now()`),
          eq(users.isActive, true),
        ),
      );
    if (!row || !sameHash(row.tokenHash, tokenHash)) return null;
    const scopes = row.scopes as Permission[];
    const granted = await this.roleGrants.permissionsOf(row.role);
    return {
      user: {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role as Role,
        permissions: granted.filter((p) => scopes.includes(p)),
        sessionId: null,
        mustChangePassword: false,
        token: { id: row.tokenId, scopes },
      },
      expiresAt: row.expiresAt.getTime(),
    };
  }
}
