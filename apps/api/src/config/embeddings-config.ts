import { resolve } from 'node:path';
import type { Env } from './config.schema';
import { ConfigError } from './config-error';

export type EmbeddingsConfig =
  | { provider: 'none' }
  | {
      provider: 'openai-compatible';
      /** The API's base, e.g. http://ollama:11434/v1: requests go to `${url}/embeddings`. */
      url: string;
      model: string;
      apiKey: string | undefined;
      /** The size vectors must have; learnt from the first answer when not set. */
      dimensions: number | undefined;
      batchSize: number;
      timeoutMs: number;
      /** Put before questions and before documents, for models trained that way. */
      prefixes: { query: string; document: string };
    }
  | { provider: 'local'; modelDir: string; batchSize: number };

const missing = (variable: string, provider: string) =>
  new ConfigError(
    `Invalid configuration: ${variable} is required with EMBEDDINGS_PROVIDER=${provider}`,
  );

/** The embedding provider's settings; the provider's own variables are required with it. */
export function embeddingsConfigOf(env: Env): EmbeddingsConfig {
  switch (env.EMBEDDINGS_PROVIDER) {
    case 'none':
      return { provider: 'none' };
    case 'openai-compatible':
      if (!env.EMBEDDINGS_URL) throw missing('EMBEDDINGS_URL', env.EMBEDDINGS_PROVIDER);
      if (!env.EMBEDDINGS_MODEL) throw missing('EMBEDDINGS_MODEL', env.EMBEDDINGS_PROVIDER);
      if (!/^https?:\/\//.test(env.EMBEDDINGS_URL))
        throw new ConfigError('Invalid configuration: EMBEDDINGS_URL must be an http(s) URL');
      return {
        provider: 'openai-compatible',
        url: env.EMBEDDINGS_URL.replace(/\/+$/, ''),
        model: env.EMBEDDINGS_MODEL,
        apiKey: env.EMBEDDINGS_API_KEY,
        dimensions: env.EMBEDDINGS_DIMENSIONS,
        batchSize: env.EMBEDDINGS_BATCH_SIZE,
        timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
        prefixes: { query: env.EMBEDDINGS_QUERY_PREFIX, document: env.EMBEDDINGS_DOCUMENT_PREFIX },
      };
    case 'local':
      if (!env.EMBEDDINGS_MODEL_DIR) throw missing('EMBEDDINGS_MODEL_DIR', env.EMBEDDINGS_PROVIDER);
      return {
        provider: 'local',
        modelDir: resolve(env.EMBEDDINGS_MODEL_DIR),
        batchSize: env.EMBEDDINGS_BATCH_SIZE,
      };
  }
}
