import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { EmbeddingError } from '../../src/catalog/embeddings/embedding-provider';
import {
  OpenAiCompatibleProvider,
  type OpenAiCompatibleSettings,
} from '../../src/catalog/embeddings/openai-compatible.provider';
import { NetworkPolicy } from '../../src/connections/network/network-policy';
import { embeddingStub } from '../support/embedding-stub';

const KEY = 'sk-test-5e1c7a9d0b3f4e21';
const open = new NetworkPolicy({ network: { blocked: [], allowed: [], blockPrivate: false } });

describe('The openai-compatible embedding provider, against an HTTP endpoint on loopback', () => {
  let stub: Awaited<ReturnType<typeof embeddingStub>>;
  const made: OpenAiCompatibleProvider[] = [];
  const provider = (settings: Partial<OpenAiCompatibleSettings> = {}, policy = open) => {
    const p = new OpenAiCompatibleProvider(
      {
        url: stub.url,
        model: 'all-minilm',
        apiKey: KEY,
        dimensions: undefined,
        batchSize: 16,
        timeoutMs: 2_000,
        prefixes: { query: '', document: '' },
        ...settings,
      },
      policy,
      [10, 10],
    );
    made.push(p);
    return p;
  };

  beforeAll(async () => {
    stub = await embeddingStub({ dimensions: 32 });
  });
  afterEach(() => {
    for (const p of made.splice(0)) p.close();
  });
  afterAll(() => stub.close());

  it('sends the texts with the model and the API key, and answers normalized vectors in order', async () => {
    stub.requests.length = 0;
    const p = provider();
    const vectors = await p.embed(['sales.orders', 'hr.employees', 'sales.orders'], 'document');
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      authorization: `Bearer ${KEY}`,
      model: 'all-minilm',
      input: ['sales.orders', 'hr.employees', 'sales.orders'],
    });
    expect(vectors).toHaveLength(3);
    expect(p.dimensions).toBe(32);
    const norm = Math.hypot(...vectors[0]!);
    expect(norm).toBeCloseTo(1, 5);
    expect([...vectors[2]!]).toEqual([...vectors[0]!]);
    expect([...vectors[1]!]).not.toEqual([...vectors[0]!]);
  });

  it('puts the configured prefixes before questions and documents', async () => {
    stub.requests.length = 0;
    const p = provider({ prefixes: { query: 'search_query: ', document: 'search_document: ' } });
    await p.embed(['how much'], 'query');
    await p.embed(['table a', 'table b'], 'document');
    expect(stub.requests.map((r) => r.input)).toEqual([
      ['search_query: how much'],
      ['search_document: table a', 'search_document: table b'],
    ]);
  });

  it('retries an endpoint that answers 503 or 429, then gives up with a sentence', async () => {
    stub.requests.length = 0;
    stub.failNext(503, 429);
    await expect(provider().embed(['a table'], 'document')).resolves.toHaveLength(1);
    expect(stub.requests).toHaveLength(3);

    stub.requests.length = 0;
    stub.failNext(503, 503, 503);
    const error = await provider()
      .embed(['a table'], 'document')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).transient).toBe(true);
    expect((error as Error).message).toBe(
      `The embedding endpoint 127.0.0.1:${stub.port} answered HTTP 503`,
    );
    expect(stub.requests).toHaveLength(3);
  });

  it('refuses vectors of the wrong size at once, naming both sizes', async () => {
    stub.requests.length = 0;
    stub.answerDimensions(12);
    const error = (await provider({ dimensions: 32 })
      .embed(['a table'], 'document')
      .catch((e: unknown) => e)) as EmbeddingError;
    stub.answerDimensions(undefined);
    expect(error.transient).toBe(false);
    expect(error.message).toContain(
      'answered vectors of 12 dimensions where 32 were expected (EMBEDDINGS_DIMENSIONS)',
    );
    expect(stub.requests).toHaveLength(1);
  });

  it('names a rejected key without the key, and a wrong path', async () => {
    stub.failNext(401);
    const refused = (await provider()
      .embed(['x'], 'query')
      .catch((e: unknown) => e)) as Error;
    expect(refused.message).toContain('refused the request (HTTP 401): check EMBEDDINGS_API_KEY');
    expect(refused.message).not.toContain(KEY);
    const wrongPath = (await provider({ url: stub.url.replace('/v1', '/v2') })
      .embed(['x'], 'query')
      .catch((e: unknown) => e)) as Error;
    expect(wrongPath.message).toContain('has no /v2/embeddings (HTTP 404)');
  });

  it('says an endpoint is down, after its retries', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const error = (await provider({ url: `http://127.0.0.1:${port}/v1` })
      .embed(['x'], 'document')
      .catch((e: unknown) => e)) as EmbeddingError;
    expect(error.message).toBe(
      `The embedding endpoint 127.0.0.1:${port} could not be reached (ECONNREFUSED)`,
    );
    expect(error.transient).toBe(true);
  });

  it('keeps a connection for the next batch, and closes it when Sluice stops', async () => {
    const p = provider();
    await p.embed(['one'], 'document');
    await p.embed(['two'], 'document');
    expect(stub.openSockets()).toBe(1);
    p.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(stub.openSockets()).toBe(0);
  });

  it('does not send catalog text where the network policy forbids it', async () => {
    stub.requests.length = 0;
    const policy = new NetworkPolicy({ network: { blocked: [], allowed: [], blockPrivate: true } });
    const error = (await provider({}, policy)
      .embed(['secret schema'], 'document')
      .catch((e: unknown) => e)) as EmbeddingError;
    expect(error.message).toContain("is not allowed by this server's network policy");
    expect(error.transient).toBe(false);
    expect(stub.requests).toHaveLength(0);
  });
});
