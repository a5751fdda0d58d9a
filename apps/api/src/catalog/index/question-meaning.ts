import { Inject, Injectable } from '@nestjs/common';
import {
  EMBEDDING_PROVIDER,
  EmbeddingError,
  modelKeyOf,
  type EmbeddingProvider,
} from '../embeddings/embedding-provider';
import { VectorIndex } from './vector-index';

/** How many questions' vectors are kept (an embedding endpoint answers in tens of ms). */
const QUESTIONS = 500;

/** A question's vector from the provider (kept for the next ask), and its nearest tables. */
@Injectable()
export class QuestionMeaning {
  private readonly questions = new Map<string, Float32Array>();

  constructor(
    private readonly vectors: VectorIndex,
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider | null,
  ) {}

  /** Tables nearest the question's meaning; none without a provider or while it is down. */
  async nearest(question: string, ids: string[] | null, limit: number) {
    if (!this.provider) return [];
    const model = modelKeyOf(this.provider);
    const key = `${model}\u0000${question}`;
    let vector = this.questions.get(key);
    if (!vector) {
      try {
        [vector] = await this.provider.embed([question], 'query');
      } catch (error) {
        if (error instanceof EmbeddingError) return [];
        throw error;
      }
      if (!vector) return [];
      // A question asked again (search, then its context; a person retyping) is not sent again.
      this.questions.set(key, vector);
      if (this.questions.size > QUESTIONS)
        this.questions.delete(this.questions.keys().next().value!);
    }
    return this.vectors.search(vector, model, ids, limit);
  }
}
