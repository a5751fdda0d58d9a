import { describe, expect, it } from 'vitest';
import type { EmbeddingStatus } from '@sluice/contracts';
import { indexLabel } from './IndexChip';

const status = (patch: Partial<EmbeddingStatus>): EmbeddingStatus => ({
  state: 'ready',
  model: 'openai-compatible:nomic-embed-text',
  done: 0,
  total: null,
  embedded: 0,
  message: null,
  updatedAt: null,
  ...patch,
});

describe('the search index chip', () => {
  it('follows an embedding run and says what search can do', () => {
    expect(indexLabel(status({ state: 'running', done: 1200, total: 10000 }))).toBe(
      'Embedding 1,200 / 10,000',
    );
    expect(indexLabel(status({ state: 'running', model: null, done: 5, total: null }))).toBe(
      'Indexing 5 / …',
    );
    expect(indexLabel(status({ embedded: 8, total: 8 }))).toBe('Search by meaning: 8 of 8 tables');
    expect(indexLabel(status({ model: null }))).toBe('Search by names and words');
    expect(indexLabel(status({ state: 'failed' }))).toBe('Search by meaning failed');
    expect(indexLabel(status({ state: 'off' }))).toBe('Search index: not built yet');
  });
});
