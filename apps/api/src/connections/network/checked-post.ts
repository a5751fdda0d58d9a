import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { NetworkPolicy } from './network-policy';

/** Why a POST did not get an answer: the host does not resolve, the policy refuses it, or it failed. */
export class CheckedPostError extends Error {
  constructor(
    readonly kind: 'unresolved' | 'blocked' | 'unreachable',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The checked address, whatever the name resolves to by the time the socket opens. */
const pinned =
  (address: string): LookupFunction =>
  (_hostname, options, callback) => {
    const family = isIP(address);
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  /** An answer over this many bytes ends the request. */
  maxBytes: number;
  agents?: { http: HttpAgent; https: HttpsAgent };
}

/**
 * POSTs `body` to `url` the way Sluice reaches any outside address: the host resolved once
 * through the network policy, refused when blocked, and the socket opened to the checked address
 * (never a second lookup). Redirects are not followed. Answers the status and the body's text.
 */
export async function checkedPost(
  policy: NetworkPolicy,
  url: URL,
  body: string,
  options: PostOptions,
): Promise<{ status: number; text: string }> {
  const resolution = await policy.resolve(url.hostname).catch(() => null);
  if (!resolution)
    throw new CheckedPostError('unresolved', `the host ${url.hostname} does not resolve`);
  if ('blocked' in resolution)
    throw new CheckedPostError(
      'blocked',
      `${url.host} is not allowed by this server's network policy (CONNECTION_ALLOWED_CIDRS)`,
    );
  const secure = url.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ...(options.agents && { agent: secure ? options.agents.https : options.agents.http }),
        lookup: pinned(resolution.address),
        timeout: options.timeoutMs,
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) req.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CheckedPostError(
          'unreachable',
          `${url.host} could not be reached (${error.code ?? error.message})`,
        ),
      ),
    );
    req.end(body);
  });
}
