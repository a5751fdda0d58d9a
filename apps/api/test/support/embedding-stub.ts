import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { HashingEmbedder } from '../../src/catalog/embeddings/hashing-embedder';

export interface EmbeddingRequest {
  authorization: string | undefined;
  model: string;
  input: string[];
}

/**
 * An OpenAI-style embeddings endpoint on loopback, answering with the deterministic hashing
 * embedder: what Ollama or vLLM would be, without a model. `failNext` makes the next answers
 * fail with a status; `dimensions` makes it answer vectors of another size.
 */
export async function embeddingStub(options: { dimensions?: number } = {}) {
  const embedder = new HashingEmbedder(options.dimensions ?? 64);
  const requests: EmbeddingRequest[] = [];
  const sockets = new Set<Socket>();
  const state = { failures: [] as number[], answerDimensions: undefined as number | undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = JSON.parse(await read(req)) as { model: string; input: string[] };
      requests.push({ authorization: req.headers.authorization, ...body });
      const status = state.failures.shift();
      if (status) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `stub failure ${status}` } }));
        return;
      }
      if (req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const size = state.answerDimensions;
      const data = body.input.map((text, index) => ({
        index,
        embedding: size ? Array.from({ length: size }, () => 0.1) : [...embedder.vectorOf(text)],
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model: body.model }));
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    embedder,
    /** The next answers fail with these statuses, one each. */
    failNext: (...statuses: number[]) => state.failures.push(...statuses),
    answerDimensions: (n: number | undefined) => (state.answerDimensions = n),
    /** Documents embedded so far (queries are single texts; documents come in batches). */
    inputs: () => requests.flatMap((r) => r.input),
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
