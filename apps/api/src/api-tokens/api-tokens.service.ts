import { Injectable } from '@nestjs/common';
import type { ApiToken, CreatedApiToken, Permission } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import type { Actor, AuthUser } from '../auth/auth-user';
import { ApiTokensRepository } from './api-tokens.repository';
import { generateApiToken, hashApiToken } from './pat';

const DAY_MS = 86_400_000;
/** How often one token's `lastUsedAt` is written: a busy tool must not write a row per request. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class ApiTokensService {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditService,
  ) {}

  async create(
    me: AuthUser,
    body: { name: string; scopes: Permission[]; expiresInDays: number },
    actor: Actor,
  ): Promise<CreatedApiToken> {
    if (me.token) {
      throw new DomainError(
        'FORBIDDEN',
        'An API token cannot create tokens: sign in with your password to create one',
      );
    }
    const beyond = body.scopes.filter((scope) => !me.permissions.includes(scope));
    if (beyond.length > 0) {
      const message = `must be your own permissions; you do not have ${beyond.join(', ')}`;
      throw new DomainError('FORBIDDEN', `scopes ${message}`, {
        errors: [{ path: 'scopes', message }],
      });
    }
    const token = generateApiToken();
    const created = await this.tokens.create({
      userId: me.id,
      name: body.name,
      scopes: body.scopes,
      tokenHash: hashApiToken(token),
      expiresAt: new Date(Date.now() + body.expiresInDays * DAY_MS),
    });
    await this.audit.record(actor, {
      action: 'tokens:create',
      resourceType: 'api_token',
      resourceId: created.id,
      details: { name: created.name, scopes: created.scopes, expiresAt: created.expiresAt },
    });
    return { ...created, token };
  }

  /** The caller's own live tokens, or another user's for a caller who may read users. */
  list(me: AuthUser, userId: string | undefined): Promise<ApiToken[]> {
    if (userId !== undefined && userId !== me.id && !me.permissions.includes('users:read')) {
      throw new DomainError('FORBIDDEN', "Listing another user's tokens needs users:read");
    }
    return this.tokens.list(userId ?? me.id);
  }

  /** Revokes one of the caller's tokens, or anyone's for a caller who may manage users. */
  async revoke(me: AuthUser, id: string, actor: Actor): Promise<void> {
    const token = await this.tokens.findLive(id);
    const mayRevoke = token && (token.userId === me.id || me.permissions.includes('users:write'));
    if (!token || !mayRevoke) throw notFound('The API token');
    await this.tokens.revoke(id);
    this.touched.delete(id);
    await this.audit.record(actor, {
      action: 'tokens:revoke',
      resourceType: 'api_token',
      resourceId: id,
      details: { name: token.name, ownerUserId: token.userId },
    });
  }

  /** The principal behind a presented token; records its use at most once a minute. */
  async principalOf(token: string): Promise<AuthUser | null> {
    const principal = await this.tokens.findPrincipal(hashApiToken(token));
    const id = principal?.token?.id;
    if (id) {
      const now = Date.now();
      if ((this.touched.get(id) ?? 0) + TOUCH_EVERY_MS <= now) {
        if (this.touched.size > 10_000) this.touched.clear();
        this.touched.set(id, now);
        await this.tokens.touch(id);
      }
    }
    return principal;
  }
}
