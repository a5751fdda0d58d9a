import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmbeddingsConfig } from '../../config/embeddings-config';
import type { NetworkPolicy } from '../../connections/network/network-policy';
import { checkedPost, CheckedPostError } from '../../connections/network/checked-post';
import {
  EmbeddingError,
  normalize,
  type EmbeddingProvider,
  type EmbeddingUse,
} from './embedding-provider';

export type OpenAiCompatibleSettings = Omit<
  Extract<EmbeddingsConfig, { provider: 'openai-compatible' }>,
  'provider'
>;

/** Waits before the second, third and fourth tries of a batch. */
export const RETRY_DELAYS_MS = [500, 2_000, 8_000];
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/**
 * `POST {EMBEDDINGS_URL}/embeddings` as OpenAI, Ollama, vLLM, LM Studio and most providers
 * answer it. The endpoint passes the network policy like any target (resolved once, checked,
 * connected to that address); transient failures are retried with backoff; the API key is
 * sent in a header and never appears in a message.
 */
export class OpenAiCompatibleProvider implements EmbeddingProvider {
  readonly id = 'openai-compatible';
  private learnt: number | undefined;
  /** Batches reuse a few connections; `close` (at shutdown) ends them. */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 4, timeout: 30_000 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 4, timeout: 30_000 }),
  };

  constructor(
    private readonly settings: OpenAiCompatibleSettings,
    private readonly policy: NetworkPolicy,
    private readonly retryDelaysMs = RETRY_DELAYS_MS,
  ) {}

  get model(): string {
    return this.settings.model;
  }
  get dimensions(): number | undefined {
    return this.settings.dimensions ?? this.learnt;
  }
  get batchSize(): number {
    return this.settings.batchSize;
  }

  async embed(texts: string[], use: EmbeddingUse): Promise<Float32Array[]> {
    const prefix = this.settings.prefixes[use];
    const input = prefix ? texts.map((t) => `${prefix}${t}`) : texts;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.post(input);
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (!(error instanceof EmbeddingError) || !error.transient || delay === undefined)
          throw error;
        await sleep(delay);
      }
    }
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  private get where(): string {
    return new URL(this.settings.url).host;
  }

  private async post(texts: string[]): Promise<Float32Array[]> {
    const url = new URL(`${this.settings.url}/embeddings`);
    const body = JSON.stringify({ model: this.settings.model, input: texts });
    const { status, text } = await checkedPost(this.policy, url, body, {
      agents: this.agents,
      timeoutMs: this.settings.timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
      headers: {
        ...(this.settings.apiKey && { authorization: `Bearer ${this.settings.apiKey}` }),
      },
    }).catch((error: unknown) => {
      if (!(error instanceof CheckedPostError)) throw error;
      const said = {
        unresolved: `The embedding endpoint's host ${url.hostname} does not resolve`,
        blocked: `The embedding endpoint ${this.where} is not allowed by this server's network policy (CONNECTION_ALLOWED_CIDRS)`,
        unreachable: `The embedding endpoint ${error.reason}`,
      };
      throw new EmbeddingError(said[error.kind], error.kind !== 'blocked');
    });
    if (status === 401 || status === 403)
      throw new EmbeddingError(
        `The embedding endpoint ${this.where} refused the request (HTTP ${status}): check EMBEDDINGS_API_KEY`,
        false,
      );
    if (status === 404)
      throw new EmbeddingError(
        `The embedding endpoint ${this.where} has no ${url.pathname} (HTTP 404): EMBEDDINGS_URL should be the API's base, such as http://host:11434/v1`,
        false,
      );
    if (status === 429 || status >= 500)
      throw new EmbeddingError(
        `The embedding endpoint ${this.where} answered HTTP ${status}`,
        true,
      );
    if (status >= 400)
      throw new EmbeddingError(
        `The embedding endpoint ${this.where} refused the request (HTTP ${status})${this.reasonIn(text)}: check EMBEDDINGS_MODEL`,
        false,
      );
    return this.vectorsOf(text, texts.length);
  }

  /** The API's own error sentence, short, with the key taken out should it echo it. */
  private reasonIn(text: string): string {
    let reason: unknown;
    try {
      const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
      reason = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
    } catch {
      return '';
    }
    if (typeof reason !== 'string' || !reason) return '';
    const key = this.settings.apiKey;
    const clean = key ? reason.split(key).join('***') : reason;
    return `: ${clean.slice(0, 200)}`;
  }

  private vectorsOf(text: string, count: number): Float32Array[] {
    let data: unknown;
    try {
      data = (JSON.parse(text) as { data?: unknown }).data;
    } catch {
      data = undefined;
    }
    const items = Array.isArray(data) ? (data as { embedding?: unknown; index?: unknown }[]) : [];
    if (items.length !== count || items.some((i) => !Array.isArray(i.embedding)))
      throw new EmbeddingError(
        `The embedding endpoint ${this.where} answered without ${count} embeddings (an OpenAI-style { data: [{ embedding }] } was expected)`,
        false,
      );
    const ordered = [...items].sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
    return ordered.map((item) => {
      const values = item.embedding as unknown[];
      const expected = this.dimensions;
      if (expected !== undefined && values.length !== expected)
        throw new EmbeddingError(
          `The embedding endpoint ${this.where} answered vectors of ${values.length} dimensions where ${expected} were expected${this.settings.dimensions ? ' (EMBEDDINGS_DIMENSIONS)' : ''}: check EMBEDDINGS_MODEL`,
          false,
        );
      if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
        throw new EmbeddingError(
          `The embedding endpoint ${this.where} answered values that are not numbers`,
          false,
        );
      this.learnt ??= values.length;
      return normalize(Float32Array.from(values as number[]));
    });
  }
}
