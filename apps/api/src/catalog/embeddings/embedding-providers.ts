import type { FactoryProvider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NetworkPolicy } from '../../connections/network/network-policy';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from './embedding-provider';
import { LocalProvider } from './local.provider';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';

/**
 * The provider EMBEDDINGS_PROVIDER names, or null (`none`): search stays lexical. A local model
 * is loaded here, so that a directory that is not one stops the boot.
 */
export async function providerOf(config: AppConfig): Promise<EmbeddingProvider | null> {
  const settings = config.embeddings;
  switch (settings.provider) {
    case 'none':
      return null;
    case 'openai-compatible':
      return new OpenAiCompatibleProvider(settings, new NetworkPolicy(config));
    case 'local':
      return LocalProvider.open(settings.modelDir, settings.batchSize);
  }
}

export const embeddingProvider: FactoryProvider<EmbeddingProvider | null> = {
  provide: EMBEDDING_PROVIDER,
  inject: [APP_CONFIG],
  useFactory: providerOf,
};
