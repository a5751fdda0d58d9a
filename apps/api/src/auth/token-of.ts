import type { AuthenticatedRequest } from './auth.decorator';
import { SESSION_COOKIE } from './auth-user';

/** The token of a request: the Bearer header first, then the session cookie. */
export function tokenOf(request: AuthenticatedRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header))
    return header.replace(/^Bearer\s+/i, '').trim();
  return request.cookies?.[SESSION_COOKIE];
}
