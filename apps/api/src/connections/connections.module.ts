import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { DriverRegistry } from './drivers/driver-registry';
import { createDrivers } from './drivers/all-drivers';
import { IsolatedDrivers } from './drivers/isolation/isolated-drivers';
import { APP_CONFIG, type AppConfig } from '../config/config';
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
    // The drivers in this process (the driver-alone benchmark); tests and syncs use IsolatedDrivers.
    {
      provide: DriverRegistry,
      useFactory: (config: AppConfig) => new DriverRegistry(createDrivers(config)),
      inject: [APP_CONFIG],
    },
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
