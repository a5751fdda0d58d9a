import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { AUTH_OPTIONS, type AuthenticatedRequest, type AuthOptions } from './auth.decorator';
import { SESSION_COOKIE } from './auth-user';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './tokens';

export function tokenOf(request: AuthenticatedRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header)) return header.replace(/^Bearer\s+/i, '').trim();
  return request.cookies?.[SESSION_COOKIE];
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride<AuthOptions | undefined>(AUTH_OPTIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!options) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenOf(request);
    const claims = token ? await this.tokens.verify(token) : null;
    const user = claims ? await this.sessions.findPrincipal(claims.sessionId, claims.userId) : null;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue: the session is missing, expired or revoked');
    request.user = user;
    const missing = (options.permissions ?? []).filter((p) => !user.permissions.includes(p));
    if (missing.length > 0) {
      throw new DomainError('FORBIDDEN', `This needs the permission ${missing.join(', ')}`);
    }
    return true;
  }
}
