import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { AUTH_OPTIONS, type AuthenticatedRequest, type AuthOptions } from './auth.decorator';
import { AuthService } from './auth.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride<AuthOptions | undefined>(AUTH_OPTIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!options) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.auth.principalOf(request);
    if (!user)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in to continue: the session is missing, expired or revoked',
      );
    request.user = user;
    if (user.mustChangePassword && !options.beforePasswordChange)
      throw new DomainError(
        'FORBIDDEN',
        'Choose a new password first: an admin asked for one at this sign-in (POST /api/auth/password)',
        { body: { code: 'PASSWORD_CHANGE_REQUIRED' } },
      );
    const missing = (options.permissions ?? []).filter((p) => !user.permissions.includes(p));
    if (missing.length > 0) {
      const scopes = user.token?.scopes ?? [];
      const outOfScope = user.token ? missing.filter((p) => !scopes.includes(p)) : [];
      throw new DomainError(
        'FORBIDDEN',
        outOfScope.length > 0
          ? `This API token lacks the scope ${outOfScope.join(', ')}: create a token with it`
          : `This needs the permission ${missing.join(', ')}`,
      );
    }
    return true;
  }
}
