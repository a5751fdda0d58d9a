import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { sendProblem } from './problem.filter';
import { SESSION_COOKIE } from '../auth/auth-user';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+\S/i;

function sameOrigin(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (typeof source !== 'string') return false;
  try {
    const origin = new URL(source);
    return origin.host === request.host && origin.protocol === `${request.protocol}:`;
  } catch {
    return false;
  }
}

/**
 * A state-changing request that authenticates with the session cookie (not a Bearer token) must
 * come from Sluice's own pages: its Origin (or Referer) names this host. Cross-site forgeries fail.
 */
export function registerOriginCheck(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    // Only a request that authenticates by a Bearer token skips the check: any other
    // Authorization header leaves authentication to the cookie.
    if (SAFE_METHODS.has(request.method) || BEARER.test(request.headers.authorization ?? ''))
      return;
    if (!request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return;
    if (sameOrigin(request)) return;
    sendProblem(
      reply,
      request,
      new DomainError(
        'FORBIDDEN',
        'This request must come from a Sluice page: its Origin is missing or foreign',
      ),
    );
    return reply;
  });
}
