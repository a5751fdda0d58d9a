import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { JobQueue, type Job } from '../../jobs/job-queue';
import { HeapBudget } from '../../common/heap-budget';
import { CatalogRepository } from '../catalog.repository';
import {
  EMBEDDING_PROVIDER,
  EmbeddingError,
  modelKeyOf,
  type EmbeddingProvider,
} from '../embeddings/embedding-provider';
import { documentsOf, sourceOf, type CatalogDocument } from './catalog-documents';
import {
  CatalogIndexRepository,
  documentKey,
  type StoredDocument,
} from './catalog-index.repository';

export const CATALOG_INDEX_QUEUE = 'catalog-index';
/** Four tries in all, 30 s, 60 s and 120 s apart: an embedding endpoint may be restarting. */
const RETRIES = 3;
const PAGE = 500;
/** Vectors become searchable in steps of this many while a long run goes on. */
const PUBLISH_EVERY = 5_000;
/** The heap a run lets indexed pages take before they are collected (see HeapBudget). */
const INDEX_HEAP_BUDGET_MB = 128;

interface IndexJob {
  connectionId: string;
}

const keyOf = (d: CatalogDocument) => documentKey(d.schemaName, d.objectName, d.part);
const tableKeyOf = (schemaName: string, name: string) => `${schemaName}\u0000${name}`;

/** The stored documents of each table: its parts' keys and what they were made from. */
function partsByTable(stored: Map<string, StoredDocument>) {
  const parts = new Map<string, [string, StoredDocument][]>();
  for (const entry of stored) {
    const [schemaName, name] = entry[0].split('\u0000');
    const table = tableKeyOf(schemaName!, name!);
    const list = parts.get(table) ?? [];
    list.push(entry);
    parts.set(table, list);
  }
  return parts;
}

/**
 * Indexes a connection's catalog for search after each sync, as its own job so that ingestion
 * takes no longer: words for lexical ranking, and, with a provider, a vector per document.
 * Only documents whose content (or the model) changed are embedded again.
 */
@Injectable()
export class CatalogIndexer implements OnApplicationBootstrap {
  private readonly logger = new Logger('CatalogIndex');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly repository: CatalogIndexRepository,
    private readonly catalog: CatalogRepository,
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider | null,
  ) {
    queue.define(CATALOG_INDEX_QUEUE, {
      retryLimit: RETRIES,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 3 * 3600,
      policy: 'stately',
    });
  }

  /** The name vectors are made under; null without a provider. */
  get model(): string | null {
    return this.provider ? modelKeyOf(this.provider) : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.queue.work<IndexJob>(CATALOG_INDEX_QUEUE, (job) => this.run(job));
    // A new provider or model, or catalogs synced before the index existed: all in the background.
    for (const id of await this.repository.staleConnections(this.model)) await this.enqueue(id);
  }

  /** Queues an index run of a connection; one already waiting will do. */
  async enqueue(connectionId: string): Promise<void> {
    await this.repository.markQueued(connectionId, this.model);
    await this.queue.sendOnce(CATALOG_INDEX_QUEUE, { connectionId }, connectionId);
  }

  async run(job: Job<IndexJob>): Promise<object> {
    const { connectionId } = job.data;
    const model = this.model;
    const total = await this.repository.objectCount(connectionId);
    await this.repository.setStatus(connectionId, { state: 'running', model, done: 0, total });
    const stored = await this.repository.stored(connectionId);
    const keep = new Set<string>();
    const run = { failure: null as EmbeddingError | null, embedded: 0, published: 0 };
    const pending: CatalogDocument[] = [];
    // A table whose source (catalog hash, hidden columns) its documents were made from is
    // unchanged, with a vector of this model, is kept as it is: only the others are read.
    const parts = partsByTable(stored);
    const toRead: { schemaName: string; objectName: string; source: string | null }[] = [];
    let done = 0;
    for (const table of await this.repository.sources(connectionId)) {
      const source = sourceOf(table.contentHash, table.hidden);
      const kept = parts.get(tableKeyOf(table.schemaName, table.name)) ?? [];
      const current =
        source !== null &&
        kept.length > 0 &&
        kept.every(([, d]) => d.source === source && (!model || d.model === model));
      if (current) {
        for (const [key] of kept) keep.add(key);
        done++;
      } else toRead.push({ schemaName: table.schemaName, objectName: table.name, source });
    }
    const heap = new HeapBudget(INDEX_HEAP_BUDGET_MB);
    for (let start = 0; start < toRead.length; start += PAGE) {
      const page = toRead.slice(start, start + PAGE);
      const sources = new Map(page.map((t) => [tableKeyOf(t.schemaName, t.objectName), t.source]));
      const objects = await this.catalog.findObjects(connectionId, page);
      const docs = objects.flatMap((o) =>
        documentsOf(o, sources.get(tableKeyOf(o.schemaName, o.name)) ?? null),
      );
      for (const d of docs) keep.add(keyOf(d));
      const changed = new Set(
        docs.filter((d) => stored.get(keyOf(d))?.contentHash !== d.contentHash),
      );
      await this.repository.upsert(connectionId, [...changed]);
      await this.repository.noteSources(
        connectionId,
        docs.filter((d) => !changed.has(d) && stored.get(keyOf(d))?.source !== d.sourceHash),
      );
      if (model && !run.failure)
        pending.push(
          ...docs.filter((d) => changed.has(d) || stored.get(keyOf(d))?.model !== model),
        );
      await this.embed(connectionId, pending, run, false);
      done += page.length;
      await this.repository.setStatus(connectionId, { state: 'running', model, done });
      heap.reclaim();
    }
    await this.embed(connectionId, pending, run, true);
    // What was stored before the run and is not in the catalog now (one run per connection).
    const pruned = await this.repository.prune(
      connectionId,
      [...stored.keys()].filter((k) => !keep.has(k)),
    );
    await this.repository.bumpVersion(connectionId);
    if (run.failure) return this.failed(job, run.failure);
    await this.repository.setStatus(connectionId, { state: 'ready', model, done, message: null });
    this.logger.log(
      `Index of ${connectionId}: ${done} tables, ${run.embedded} documents embedded, ${pruned} removed`,
    );
    return { embedded: run.embedded, pruned };
  }

  /** Embeds what is pending in the provider's batches (all of it at the end of the walk). */
  private async embed(
    connectionId: string,
    pending: CatalogDocument[],
    run: { failure: EmbeddingError | null; embedded: number; published: number },
    all: boolean,
  ): Promise<void> {
    const { provider, model } = this;
    if (!provider || !model) return;
    while (!run.failure && (pending.length >= provider.batchSize || (all && pending.length > 0))) {
      const batch = pending.splice(0, provider.batchSize);
      try {
        const vectors = await provider.embed(
          batch.map((d) => d.text),
          'document',
        );
        await this.repository.setVectors(
          connectionId,
          model,
          batch.map((doc, i) => ({ doc, vector: vectors[i]! })),
        );
        run.embedded += batch.length;
      } catch (error) {
        if (!(error instanceof EmbeddingError)) throw error;
        run.failure = error;
      }
      if (run.embedded - run.published >= PUBLISH_EVERY) {
        run.published = run.embedded;
        await this.repository.bumpVersion(connectionId);
      }
    }
    if (run.failure) pending.length = 0;
  }

  /** Words are indexed whatever happened; vectors failed: try again later, or say why not. */
  private async failed(job: Job<IndexJob>, failure: EmbeddingError): Promise<object> {
    const { connectionId } = job.data;
    const attempt = job.retryCount + 1;
    const last = !failure.transient || attempt > job.retryLimit;
    this.logger.warn(`Embedding the catalog of ${connectionId} failed: ${failure.message}`);
    await this.repository.setStatus(connectionId, {
      state: last ? 'failed' : 'queued',
      model: this.model,
      message: last
        ? `${failure.message}. Search uses names and comments until embedding works.`
        : `Attempt ${attempt} of ${job.retryLimit + 1} failed: ${failure.message}. Sluice will try again.`,
    });
    if (!last) throw new Error(failure.message);
    return { failed: true, message: failure.message };
  }
}
