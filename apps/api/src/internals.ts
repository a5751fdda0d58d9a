/**
 * The API's parts that in-repo tools outside it (the benchmarks under `bench/`) may use, built to
 * `dist/src/internals.js` and imported as `@sluice/api/internals`. Nothing else of `dist/` is
 * imported from outside the API: moving a file inside it changes only this list.
 */
export { createApp } from './app';
export { tuneHeap } from './common/heap-tuning';
export { prepareDatabase } from './server';
export { loadConfig, type AppConfig } from './config/config';
export { createLogger } from './common/logger';
export { createDatabase, createPool } from './db/database';
export { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
export { ConnectionsRepository } from './connections/connections.repository';
export { toConnectionParams } from './connections/connection-params';
export { CatalogRepository } from './catalog/catalog.repository';
export { SearchPool } from './db/search-pool';
export { DriverRegistry } from './connections/drivers/core/driver-registry';
export { createDrivers } from './connections/drivers/isolation/driver-loaders';
export { MYSQL_CATALOG_QUERIES } from './connections/drivers/mysql/mysql.introspect';
export { POSTGRES_CATALOG_QUERIES } from './connections/drivers/postgresql/postgresql.introspect';
/** The built worker process's entry, for a benchmark that runs one beside the API. */
export const WORKER_ENTRY = require.resolve('./worker');
export { IsolatedDrivers } from './connections/drivers/isolation/isolated-drivers';
export { CatalogIndexer } from './catalog/index/catalog-indexer';
export { CatalogIndexRepository } from './catalog/index/catalog-index.repository';
export { VectorIndex } from './catalog/index/vector-index';
export { JobQueue } from './jobs/job-queue';
export type { EmbeddingProvider } from './catalog/embeddings/embedding-provider';
export { WordIndex } from './catalog/index/word-index';
export { CatalogRetrieval } from './catalog/index/catalog-retrieval.service';
