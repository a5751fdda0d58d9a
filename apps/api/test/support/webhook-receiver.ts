import { createServer, type Server } from 'node:http';
import { freePort } from './free-port';

export interface Received {
  path: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  base: string;
  received: Received[];
  /** Statuses answered next, in order, for requests to `path` (then 200). */
  answer(path: string, ...statuses: number[]): void;
  on(path: string): Received[];
  close(): Promise<void>;
}

/** A local HTTP server that records the JSON alerts it is sent, as Slack or a webhook would. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const planned = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({
        path,
        body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>,
      });
      const status = planned.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    answer: (path, ...statuses) => planned.set(path, statuses),
    on: (path) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
