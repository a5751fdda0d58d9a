import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { apiRoot } from '../common/paths';
import { sendProblem } from '../common/problem.filter';
import { DomainError } from '../common/domain-error';

export function webDistDir(configured: string | undefined): string {
  return configured ?? join(apiRoot(), '..', 'web', 'dist');
}

/**
 * Serves the built web app at `/`: files as they are, every other GET outside /api
 * answered with index.html so that client-side routes survive a reload.
 */
export async function registerWebAssets(fastify: FastifyInstance, dir: string): Promise<void> {
  const index = join(dir, 'index.html');
  const hasWeb = existsSync(index);
  if (hasWeb) await fastify.register(fastifyStatic, { root: dir, wildcard: false, index: false });
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      sendProblem(reply, request, new DomainError('NOT_FOUND', 'No such route'));
      return reply;
    }
    if (!hasWeb) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web UI is not built: run npm start (or npm run build).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
