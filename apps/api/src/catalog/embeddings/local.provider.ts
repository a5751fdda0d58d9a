import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { normalize, type EmbeddingProvider, type EmbeddingUse } from './embedding-provider';

/** What a model directory must hold: a transformers.js layout, the ONNX export under onnx/. */
const REQUIRED = ['config.json', 'tokenizer.json', 'onnx/model.onnx'];

type Extractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ dims: number[]; data: Float32Array }>;

const invalid = (dir: string, problem: string) =>
  new ConfigError(`Invalid configuration: EMBEDDINGS_MODEL_DIR ${dir} ${problem}`);

/**
 * A sentence-embedding model run in this process by transformers.js (ONNX Runtime on the CPU),
 * from a directory the operator provides: Sluice never downloads a model, and nothing leaves the
 * machine. Mean pooling, normalized. The model is named by its directory and the hash of its
 * weights, so that new weights re-embed every catalog.
 */
export class LocalProvider implements EmbeddingProvider {
  readonly id = 'local';
  dimensions: number | undefined;

  private constructor(
    readonly model: string,
    readonly batchSize: number,
    private readonly extractor: Extractor,
  ) {}

  /** Loads the model, or stops the boot with one line saying what is wrong with the directory. */
  static async open(dir: string, batchSize: number): Promise<LocalProvider> {
    if (!existsSync(dir)) throw invalid(dir, 'does not exist');
    const missing = REQUIRED.filter((file) => !existsSync(join(dir, file)));
    if (missing.length > 0)
      throw invalid(
        dir,
        `has no ${missing.join(', ')}: give the directory of a sentence-embedding model in its ONNX export (such as all-MiniLM-L6-v2 or bge-small-en-v1.5 for transformers.js)`,
      );
    const transformers = await import('@huggingface/transformers').catch(() => null);
    if (!transformers)
      throw new ConfigError(
        'Invalid configuration: EMBEDDINGS_PROVIDER=local needs the optional package @huggingface/transformers (installed unless npm install ran with --omit=optional)',
      );
    const { env, pipeline } = transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${dirname(dir)}/`;
    let extractor: Extractor;
    try {
      extractor = await pipeline('feature-extraction', basename(dir), {
        dtype: 'fp32',
        device: 'cpu',
      });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw invalid(dir, `could not be loaded: ${reason}`);
    }
    const weights = createHash('sha256')
      .update(readFileSync(join(dir, 'onnx/model.onnx')))
      .digest('hex')
      .slice(0, 12);
    return new LocalProvider(`${basename(dir)}@${weights}`, batchSize, extractor);
  }

  /** Questions and documents alike: the model directory's own tokenizer is all it needs. */
  async embed(texts: string[], _use?: EmbeddingUse): Promise<Float32Array[]> {
    const output = await this.extractor(texts, { pooling: 'mean', normalize: true });
    const size = output.dims[1] ?? 0;
    this.dimensions = size;
    return texts.map((_, i) => normalize(output.data.slice(i * size, (i + 1) * size)));
  }
}
