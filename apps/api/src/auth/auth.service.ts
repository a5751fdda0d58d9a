import { Injectable } from '@nestjs/common';
import type { LoginRequest, LoginResult, Me } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainError, fieldError } from '../common/domain-error';
import { UsersRepository } from '../users/users.repository';
import type { Actor, AuthUser } from './auth-user';
import { LoginThrottleRepository } from './login-throttle.repository';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './tokens';
import type { AuthenticatedRequest } from './auth.decorator';
import { tokenOf } from './token-of';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { isApiToken } from '../api-tokens/pat';

export const INVALID_LOGIN_MESSAGE = 'Email or password is incorrect';

export function toMe(user: AuthUser): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    permissions: user.permissions,
    mustChangePassword: user.mustChangePassword,
  };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleRepository,
    private readonly audit: AuditService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async login(request: LoginRequest, actor: Actor): Promise<LoginResult> {
    const ip = actor.ip ?? 'unknown';
    const attempt = await this.throttle.begin(request.email, ip);
    const wait = attempt.retryAfterSeconds;
    if (wait > 0) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `Too many failed sign-ins. Try again in ${wait} seconds.`,
        {
          retryAfterSeconds: wait,
        },
      );
    }
    const credentials = await this.users.findCredentialsByEmail(request.email);
    const matches = await verifyPassword(
      request.password,
      credentials?.passwordHash ?? DUMMY_PASSWORD_HASH,
    );
    if (!credentials || !matches || !credentials.isActive) {
      await this.audit.record(actor, {
        action: 'auth:login_failed',
        resourceType: 'user',
        resourceId: credentials?.id ?? null,
        details: { email: request.email },
      });
      throw new DomainError('INVALID_CREDENTIALS', INVALID_LOGIN_MESSAGE);
    }
    await this.throttle.succeeded(request.email, attempt);
    const sessionId = await this.sessions.create(credentials.id, this.tokens.ttlSeconds);
    const principal = await this.sessions.findPrincipal(sessionId, credentials.id);
    if (!principal) throw new DomainError('INVALID_CREDENTIALS', INVALID_LOGIN_MESSAGE);
    await this.users.touchLastLogin(credentials.id);
    await this.audit.record(
      { ...actor, userId: credentials.id },
      { action: 'auth:login', resourceType: 'user', resourceId: credentials.id },
    );
    const accessToken = await this.tokens.sign({ userId: credentials.id, sessionId });
    return { accessToken, expiresIn: this.tokens.ttlSeconds, user: toMe(principal) };
  }

  /** The principal behind the request's token, or null. */
  async principalOf(request: AuthenticatedRequest): Promise<AuthUser | null> {
    const token = tokenOf(request);
    if (token && isApiToken(token)) return this.apiTokens.principalOf(token);
    const claims = token ? await this.tokens.verify(token) : null;
    return claims ? this.sessions.findPrincipal(claims.sessionId, claims.userId) : null;
  }

  /**
   * Changes the caller's own password once the current one is verified; every other session is
   * signed out (and, from an API token, every session). Throttled like a sign-in.
   */
  async changePassword(
    user: AuthUser,
    body: { currentPassword: string; newPassword: string },
    actor: Actor,
  ): Promise<void> {
    const attempt = await this.throttle.begin(user.email, actor.ip ?? 'unknown');
    if (attempt.retryAfterSeconds > 0) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `Too many wrong passwords. Try again in ${attempt.retryAfterSeconds} seconds.`,
        { retryAfterSeconds: attempt.retryAfterSeconds },
      );
    }
    const credentials = await this.users.findCredentialsByEmail(user.email);
    if (!credentials || !(await verifyPassword(body.currentPassword, credentials.passwordHash))) {
      await this.audit.record(actor, {
        action: 'auth:password_change_failed',
        resourceType: 'user',
        resourceId: user.id,
      });
      throw fieldError('currentPassword', 'is not your current password');
    }
    await this.throttle.succeeded(user.email, attempt);
    await this.users.update(user.id, {
      passwordHash: await hashPassword(body.newPassword),
      mustChangePassword: false,
    });
    await this.sessions.revokeAllOf(user.id, user.sessionId ?? undefined);
    await this.audit.record(actor, {
      action: 'auth:password_changed',
      resourceType: 'user',
      resourceId: user.id,
    });
  }

  /**
   * Ends this session, or `everywhere` every session of the user, this one included (a lost
   * laptop, a shared browser).
   */
  async logout(user: AuthUser, actor: Actor, everywhere = false): Promise<void> {
    if (everywhere) await this.sessions.revokeAllOf(user.id);
    else if (user.sessionId) await this.sessions.revoke(user.sessionId);
    await this.audit.record(actor, {
      action: everywhere ? 'auth:logout_everywhere' : 'auth:logout',
      resourceType: 'user',
      resourceId: user.id,
    });
  }
}
