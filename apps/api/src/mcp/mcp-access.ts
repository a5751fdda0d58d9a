import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header, without its port. */
function hostnameOf(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

const isLoopback = (address: string) => LOOPBACK.has(address) || address.startsWith('127.');

/**
 * Why the MCP endpoint refuses this request's Host or Origin, or null: the defence against DNS
 * rebinding that the MCP transport specification asks of a server. A listed host matches with or
 * without its port; a browser's Origin must be this server's own or a listed one.
 */
export function mcpAccessRefusal(request: FastifyRequest, config: AppConfig): string | null {
  const host = (request.headers.host ?? '').toLowerCase();
  const { allowedHosts, allowedOrigins } = config.mcp;
  if (!host) return 'The request has no Host header';
  const hostname = hostnameOf(host);
  if (allowedHosts.length > 0) {
    if (!allowedHosts.includes(host) && !allowedHosts.includes(hostname))
      return `The Host ${host} is not one MCP_ALLOWED_HOSTS lists`;
  } else if (isLoopback(config.host) && !isLoopback(hostname)) {
    return `Sluice listens on ${config.host} only, so it answers MCP requests for loopback names only, not ${host}: set MCP_ALLOWED_HOSTS`;
  }
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  const own = `${request.protocol}://${host}`;
  if (origin.toLowerCase() === own || allowedOrigins.includes(origin.toLowerCase())) return null;
  return `The Origin ${origin} may not call Sluice's MCP endpoint: set MCP_ALLOWED_ORIGINS to allow it`;
}
