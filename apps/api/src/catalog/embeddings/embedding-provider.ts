/** Whether a text is a question asked of the catalog or a document of it. */
export type EmbeddingUse = 'query' | 'document';

/**
 * What turns catalog text into vectors. `id` and `model` name what made a vector: a vector
 * made by another provider or model is never compared with this one's.
 */
export interface EmbeddingProvider {
  readonly id: string;
  readonly model: string;
  /** Known before the first call, or learnt from the first answer. */
  readonly dimensions: number | undefined;
  /** How many texts one call should carry. */
  readonly batchSize: number;
  embed(texts: string[], use: EmbeddingUse): Promise<Float32Array[]>;
}

/** The name vectors are stored under: a change of provider or model re-embeds everything. */
export const modelKeyOf = (provider: EmbeddingProvider) => `${provider.id}:${provider.model}`;

/**
 * A provider's failure in words a person can act on, with whether trying again may help
 * (an endpoint down may come back; vectors of the wrong size will not fix themselves).
 */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** The DI token of the configured provider; null when none is configured. */
export const EMBEDDING_PROVIDER = Symbol('EMBEDDING_PROVIDER');

/** Scales a vector to length 1, so that cosine similarity is a dot product. */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
