import { wordsOf } from '../index/identifier-words';
import { normalize, type EmbeddingProvider } from './embedding-provider';

/**
 * A deterministic embedder with no model: every word and every three-letter piece of a word
 * is hashed into one of `dimensions` buckets. Texts that share words (or most of a word:
 * invoiced and invoice) point the same way. For tests and benchmarks, and the stub endpoint
 * that stands in for an embedding API; it knows nothing of meaning.
 */
export class HashingEmbedder implements EmbeddingProvider {
  readonly id = 'hashing';
  readonly model = 'hashing-v1';
  readonly batchSize = 256;

  constructor(readonly dimensions = 256) {}

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.vectorOf(t)));
  }

  vectorOf(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    for (const word of wordsOf(text)) {
      this.add(vector, word, 1);
      const padded = `^${word}$`;
      for (let i = 0; i + 3 <= padded.length; i++) this.add(vector, padded.slice(i, i + 3), 0.5);
    }
    return normalize(vector);
  }

  private add(vector: Float32Array, feature: string, weight: number): void {
    const hash = fnv1a(feature);
    vector[hash % this.dimensions]! += hash & 0x80000000 ? weight : -weight;
  }
}

/** FNV-1a, 32 bits: a fast, well-spread hash of a short string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
