/**
 * The catalog's search index at 100,000 tables × 20 columns (2,000,000 columns), written straight
 * into Sluice's catalog: the index job with a provider that answers at once (Sluice's own cost
 * per document) beside reading the catalog alone; the vectors' memory and a search by cosine
 * beside a bare dot-product loop; then search and context over HTTP with 8 clients, beside the
 * lexical query alone on the database.
 */
import {
  CatalogIndexer,
  CatalogIndexRepository,
  CatalogRepository,
  JobQueue,
  VectorIndex,
  WordIndex,
  CatalogRetrieval,
  type EmbeddingProvider,
} from '@sluice/api/internals';
import { embeddingStub } from '@sluice/api/test-support';
import { startBenchSluice, type BenchSluice } from './lib/sluice';
import { HARDER, searchUnderLoad } from './lib/search-load';
import { load, ms, ratio } from './lib/stats';

const TABLES = Number(process.env['BENCH_TABLES'] ?? 100_000);
const DIMENSIONS = 384;
const WORDS = `customer invoice order payment product shipment warehouse employee payroll account
  ledger refund supplier contract campaign session event ticket subscription region`.split(/\s+/);

/**
 * A catalog of `TABLES` tables, each with 20 columns, some comments and a foreign key; each with
 * a content hash, as a sync writes (the same on every run: an unchanged table). A sync writes a
 * table's columns together, so they are stored together (one or two pages a table).
 */
export async function generateCatalog(sluice: BenchSluice): Promise<string> {
  const { rows } = await sluice.pool.query<{ id: string }>(
    `insert into data_connections (name, db_type, host, port, database_name, username, options,
                                   schema_status, schema_ingested_at, sync_schedule, health_check_interval)
     values ('Bench warehouse', 'postgresql', 'bench.invalid', 5432, 'dw', 'bench', '{}', 'ready', now(), 'off', 'off')
     returning id`,
  );
  const id = rows[0]!.id;
  const words = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
  await sluice.pool.query(
    `insert into catalog_objects (id, connection_id, schema_name, name, kind, comment, row_estimate,
                                  primary_key, foreign_keys, indexes, content_hash)
     select gen_random_uuid(), $1, 's' || (i % 50), (${words})[1 + i % 20] || '_' || (${words})[1 + (i / 20) % 20] || '_' || i,
            'table', case when i % 3 = 0 then 'Rows about ' || (${words})[1 + i % 20] || ' and their ' || (${words})[1 + (i / 7) % 20] end,
            i, '["id"]',
            case when i > 0 then jsonb_build_array(jsonb_build_object('name', 'fk_' || i, 'columns', jsonb_build_array('c1'),
              'referencedSchema', 's' || ((i - 1) % 50), 'referencedTable',
              (${words})[1 + (i - 1) % 20] || '_' || (${words})[1 + ((i - 1) / 20) % 20] || '_' || (i - 1),
              'referencedColumns', jsonb_build_array('id'))) else '[]' end,
            '[]', 'bench-' || i
       from generate_series(0, $2 - 1) i`,
    [id, TABLES],
  );
  await sluice.pool.query(
    `insert into catalog_columns (object_id, connection_id, ordinal, name, data_type, nullable, comment)
     select o.id, $1, c, case when c = 0 then 'id' else (${words})[1 + (c * 7 + length(o.name)) % 20] || '_' || c end,
            case when c % 4 = 0 then 'bigint' when c % 4 = 1 then 'text' when c % 4 = 2 then 'numeric(12,2)' else 'timestamptz' end,
            c > 0, case when c = 3 then 'amount in euros' end
       from catalog_objects o, generate_series(0, 19) c where o.connection_id = $1
      order by o.schema_name, o.name, c`,
    [id],
  );
  await sluice.pool.query('analyze catalog_objects; analyze catalog_columns');
  return id;
}

/** A provider with no model: every text gets the same vector at once. */
export function instantProvider(): EmbeddingProvider {
  const unit = new Float32Array(DIMENSIONS).fill(1 / Math.sqrt(DIMENSIONS));
  return {
    id: 'instant',
    model: 'bench',
    dimensions: DIMENSIONS,
    batchSize: 256,
    embed: (texts) => Promise.resolve(texts.map(() => unit.slice())),
  };
}

const rss = () => process.memoryUsage().rss / 1024 / 1024;
export const job = (connectionId: string) =>
  ({ id: 'bench', data: { connectionId }, retryCount: 0, retryLimit: 3 }) as Parameters<
    CatalogIndexer['run']
  >[0];

export async function runSemanticBench(): Promise<void> {
  const stub = await embeddingStub({ dimensions: DIMENSIONS });
  const sluice = await startBenchSluice({
    SLUICE_ROLE: 'api',
    EMBEDDINGS_PROVIDER: 'openai-compatible',
    EMBEDDINGS_URL: stub.url,
    EMBEDDINGS_MODEL: 'hashing',
    EMBEDDINGS_BATCH_SIZE: '256',
  });
  try {
    let started = performance.now();
    const id = await generateCatalog(sluice);
    console.log(
      `generated ${TABLES.toLocaleString('en')} tables × 20 columns in Sluice's catalog in ${ms(performance.now() - started)}`,
    );

    // Baseline: reading the catalog page by page, as the index job does, and nothing else.
    const catalog = sluice.app.get(CatalogRepository);
    started = performance.now();
    let after: { schemaName: string; name: string } | null = null;
    for (;;) {
      const page = await catalog.objectsAfter(id, after, 500);
      if (page.length === 0) break;
      after = page[page.length - 1]!;
    }
    const readMs = performance.now() - started;

    const repository = sluice.app.get(CatalogIndexRepository);
    const instant = new CatalogIndexer(
      sluice.config,
      sluice.app.get(JobQueue),
      repository,
      catalog,
      instantProvider(),
    );
    const before = rss();
    started = performance.now();
    await instant.run(job(id));
    const firstMs = performance.now() - started;
    const grown = rss() - before;
    started = performance.now();
    await instant.run(job(id));
    const againMs = performance.now() - started;
    console.log('\nIndex job (words, references, vectors) with a provider that answers at once');
    console.log('run                    | time       | documents/s  | read alone | ratio');
    for (const [label, t] of [
      ['first: all embedded', firstMs],
      ['again: nothing changed', againMs],
    ] as const)
      console.log(
        [
          label.padEnd(22),
          ms(t).padStart(10),
          `${Math.round(TABLES / (t / 1000)).toLocaleString('en')}/s`.padStart(12),
          ms(readMs).padStart(10),
          ratio(t, readMs).padStart(6),
        ].join(' | '),
      );
    console.log(`(the API process grew ${grown.toFixed(0)} MB RSS during the first run)`);

    // Vectors under the configured provider's key (questions go to the HTTP stub), made in
    // process by the same hashing embedder: 100,000 documents over HTTP would measure the stub.
    const hashing = {
      id: 'openai-compatible',
      model: 'hashing',
      dimensions: DIMENSIONS,
      batchSize: 256,
      embed: (texts: string[]) => stub.embedder.embed(texts),
    };
    started = performance.now();
    await new CatalogIndexer(
      sluice.config,
      sluice.app.get(JobQueue),
      repository,
      catalog,
      hashing,
    ).run(job(id));
    console.log(
      `\nembedded ${TABLES.toLocaleString('en')} documents with the hashing embedder in process (${DIMENSIONS} dimensions) in ${ms(performance.now() - started)}`,
    );

    // The searches below measure a settled catalog, as autovacuum leaves it after an index run
    // (measured right after 100,000 rewritten documents, they also measure the vacuum).
    started = performance.now();
    await sluice.pool.query('vacuum (analyze) catalog_documents, catalog_objects, catalog_columns');
    console.log(
      `(then vacuumed and analyzed, as autovacuum does: ${ms(performance.now() - started)})`,
    );

    const vectors = sluice.app.get(VectorIndex);
    const query = (await stub.embedder.embed(['amount invoiced per customer']))[0]!;
    const heapBefore = rss();
    started = performance.now();
    await vectors.search(query, 'openai-compatible:hashing', [id], 20);
    const loadMs = performance.now() - started;
    const search = await load(200, 1, async () => {
      await vectors.search(query, 'openai-compatible:hashing', [id], 20);
    });
    const data = new Float32Array(TABLES * DIMENSIONS).fill(0.01);
    const bare = await load(200, 1, () => {
      let best = -Infinity;
      for (let row = 0; row < TABLES; row++) {
        let dot = 0;
        for (let j = 0; j < DIMENSIONS; j++) dot += data[row * DIMENSIONS + j]! * query[j]!;
        if (dot > best) best = dot;
      }
      return Promise.resolve();
    });
    console.log(
      `\nVectors in memory: ${(vectors.bytes / 1024 / 1024).toFixed(0)} MB of float4 (process grew ${(rss() - heapBefore).toFixed(0)} MB), loaded in ${ms(loadMs)}`,
    );
    console.log(
      `cosine search of ${TABLES.toLocaleString('en')} vectors: p50 ${ms(search.p50)}, p99 ${ms(search.p99)}; a bare dot-product loop: p50 ${ms(bare.p50)} (ratio ${ratio(search.p50, bare.p50)})`,
    );

    const question = 'amount invoiced per customer';
    const words = sluice.app.get(WordIndex);
    const retrieval = sluice.app.get(CatalogRetrieval);
    console.log('\nIn process, one call at a time                    p50        p99');
    const firstCalls: string[] = [];
    const parts: [string, () => Promise<unknown>][] = [
      ['lexical SQL (names, comments)', () => catalog.search({ q: question, limit: 100 })],
      ['word index', () => words.search(question, null, 100)],
      // No name holds all three words (names hold two): the names cannot settle the ranking early.
      ['word index, no name has every word', () => words.search(HARDER, null, 100)],
      ['search, hybrid', () => retrieval.search({ q: question, mode: 'hybrid', limit: 25 })],
      ['context', () => retrieval.context({ q: question, maxTables: 8, maxChars: 16_000 })],
    ];
    for (const [label, call] of parts) {
      // The first call loads a connection's indexes (seconds at 100,000 tables): reported apart.
      const first = performance.now();
      await call();
      firstCalls.push(`${label}: ${ms(performance.now() - first)}`);
      const stats = await load(100, 1, async () => void (await call()));
      console.log(
        `${label.padEnd(43)} ${ms(stats.p50).padStart(10)} ${ms(stats.p99).padStart(10)}`,
      );
    }

    console.log(`(first calls, loading the indexes: ${firstCalls.join('; ')})`);
    await searchUnderLoad(sluice, question, TABLES);
  } finally {
    await sluice.stop();
    await stub.close();
  }
}
