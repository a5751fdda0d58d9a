import { AlertsModule } from '../alerts/alerts.module';
import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { DriversModule } from '../connections/drivers/drivers.module';
import { CatalogController, SchemaController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { ColumnTagsRepository } from './column-tags.repository';
import { ColumnTagsService } from './column-tags.service';
import { CatalogWriteRepository } from './catalog-write.repository';
import { SchemaSyncListener } from './sync/schema-sync.listener';
import { SchemaSyncQueue } from './sync/schema-sync.queue';
import { SchemaSyncRecovery } from './sync/schema-sync.recovery';
import { SchemaSyncRepository } from './sync/schema-sync.repository';
import { SchemaSyncService } from './sync/schema-sync.service';
import { SchemaSyncStatus } from './sync/schema-sync.status';
import { SchemaSyncWorker } from './sync/schema-sync.worker';
import { SchemaSyncScheduler } from './sync/schema-sync.scheduler';
import { embeddingProvider } from './embeddings/embedding-providers';
import { CatalogIndexRepository } from './index/catalog-index.repository';
import { CatalogIndexer } from './index/catalog-indexer';
import { CatalogSearchRepository } from './index/catalog-search.repository';
import { CatalogRetrieval } from './index/catalog-retrieval.service';
import { VectorIndex } from './index/vector-index';
import { PgvectorRepository } from './index/pgvector.repository';
import { WordIndex } from './index/word-index';
import { TableDirectory } from './index/table-directory';
import { QuestionMeaning } from './index/question-meaning';
import { IndexVersions } from './index/per-connection-cache';

/** The schema catalog: syncs (queue, worker, recovery), the stored catalog, its search index and retrieval. */
@Module({
  imports: [ConnectionsModule, DriversModule, AlertsModule],
  controllers: [SchemaController, CatalogController],
  providers: [
    CatalogRepository,
    CatalogService,
    ColumnTagsRepository,
    ColumnTagsService,
    CatalogWriteRepository,
    SchemaSyncListener,
    SchemaSyncQueue,
    SchemaSyncRecovery,
    SchemaSyncRepository,
    SchemaSyncService,
    SchemaSyncStatus,
    SchemaSyncWorker,
    SchemaSyncScheduler,
    embeddingProvider,
    CatalogIndexRepository,
    CatalogIndexer,
    CatalogSearchRepository,
    CatalogRetrieval,
    VectorIndex,
    PgvectorRepository,
    WordIndex,
    TableDirectory,
    QuestionMeaning,
    IndexVersions,
  ],
  exports: [CatalogRepository, ColumnTagsRepository, CatalogRetrieval],
})
export class CatalogModule {}
