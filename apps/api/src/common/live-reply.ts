import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Aborted when the caller goes away before the answer is complete (a closed tab, a Cancel that
 * aborts the fetch): the work under way is ended, and what it opened with it.
 */
export function callerGone(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone.abort();
  });
  return gone.signal;
}

/** Whether the request asks for `type` (e.g. `application/x-ndjson`) in its Accept header. */
export function accepts(request: FastifyRequest, type: string): boolean {
  const accept = request.headers.accept ?? '';
  return accept.split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === type);
}

/**
 * An answer written as JSON lines while the work runs. The status and headers go with the first
 * line, so a request refused before it (403, 404, 409…) is still a problem+json answer.
 */
export class JsonLines {
  private started = false;

  constructor(
    private readonly reply: FastifyReply,
    private readonly type: string,
  ) {}

  write(line: unknown): void {
    const raw = this.reply.raw;
    if (raw.destroyed || raw.writableEnded) return;
    if (!this.started) {
      this.started = true;
      this.reply.hijack();
      // The headers hooks set (security headers, the request id) go with the hijacked answer.
      const set = Object.entries(this.reply.getHeaders()).filter(([, v]) => v !== undefined);
      raw.writeHead(200, {
        ...(Object.fromEntries(set) as OutgoingHttpHeaders),
        'content-type': `${this.type}; charset=utf-8`,
        'cache-control': 'no-store',
      });
    }
    raw.write(`${JSON.stringify(line)}\n`);
  }

  end(line: unknown): void {
    this.write(line);
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
  }

  /** Whether the answer has begun: a failure now can only end it, not become a problem answer. */
  get begun(): boolean {
    return this.started;
  }
}
