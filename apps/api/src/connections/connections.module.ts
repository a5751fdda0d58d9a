import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { IsolatedDrivers } from './drivers/isolation/isolated-drivers';
import { CatalogReader } from './schema/catalog-reader';
import { CatalogWriter } from './schema/catalog-writer';
import { CatalogController, SchemaController } from './schema/schema.controller';
import { SchemaSyncQueue } from './schema/schema-sync.queue';
import { SchemaSyncRecovery } from './schema/schema-sync.recovery';
import { SchemaSyncService } from './schema/schema-sync.service';
import { SchemaSyncStatus } from './schema/schema-sync.status';
import { SchemaSyncWorker } from './schema/schema-sync.worker';
import { TestSlots } from './test-slots';

@Module({
  controllers: [ConnectionsController, SchemaController, CatalogController],
  providers: [
    ConnectionsRepository,
    ConnectionsService,
    ConnectionTestsService,
    TestSlots,
    EncryptionService,
    IsolatedDrivers,
    CatalogReader,
    CatalogWriter,
    SchemaSyncQueue,
    SchemaSyncService,
    SchemaSyncStatus,
    SchemaSyncWorker,
    SchemaSyncRecovery,
  ],
})
export class ConnectionsModule {}
