import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Permission } from '@sluice/contracts';
import { SESSION_COOKIE, type Actor, type AuthUser } from './auth-user';

export const AUTH_OPTIONS = 'sluice:auth';
export interface AuthOptions {
  permissions?: Permission[];
  /** Open to a session that must change its password first (/me, the change, signing out). */
  beforePasswordChange?: boolean;
}

/** 401 without a valid token, 403 without every listed permission. */
export const Auth = (options: AuthOptions = {}) =>
  applyDecorators(
    SetMetadata(AUTH_OPTIONS, options),
    ApiBearerAuth(),
    ApiCookieAuth(SESSION_COOKIE),
  );

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('@CurrentUser() used on a route without @Auth()');
  return user;
});

export function actorOf(request: AuthenticatedRequest): Actor {
  const agent = request.headers['user-agent'];
  return {
    userId: request.user?.id ?? null,
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent : null,
    tokenId: request.user?.token?.id ?? null,
  };
}

/** The audit actor: the signed-in user with the request's address and user agent. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);
