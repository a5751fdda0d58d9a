import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { DriverRegistry } from './drivers/driver-registry';
import { DATABASE_DRIVERS, type DatabaseDriver } from './drivers/driver.interface';
import { PostgresqlDriver } from './drivers/postgresql.driver';
import { MysqlDriver } from './drivers/mysql.driver';
import { DatabricksDriver } from './drivers/databricks.driver';
import { OracleDriver } from './drivers/oracle.driver';
import { SnowflakeDriver } from './drivers/snowflake.driver';
import { SqlServerDriver } from './drivers/sqlserver.driver';
import { SqliteDriver } from './drivers/sqlite.driver';
import { NetworkPolicy } from './drivers/network-policy';
import { CatalogReader } from './schema/catalog-reader';
import { CatalogWriter } from './schema/catalog-writer';
import { CatalogController, SchemaController } from './schema/schema.controller';
import { SchemaSyncQueue } from './schema/schema-sync.queue';
import { SchemaSyncRecovery } from './schema/schema-sync.recovery';
import { SchemaSyncService } from './schema/schema-sync.service';
import { SchemaSyncStatus } from './schema/schema-sync.status';
import { SchemaSyncWorker } from './schema/schema-sync.worker';
import { TestSlots } from './test-slots';

/** One driver per type; the registry looks them up by type. */
const DRIVERS = [
  PostgresqlDriver,
  MysqlDriver,
  SqliteDriver,
  SqlServerDriver,
  SnowflakeDriver,
  DatabricksDriver,
  OracleDriver,
];

@Module({
  controllers: [ConnectionsController, SchemaController, CatalogController],
  providers: [
    ConnectionsRepository,
    ConnectionsService,
    ConnectionTestsService,
    TestSlots,
    EncryptionService,
    NetworkPolicy,
    ...DRIVERS,
    {
      provide: DATABASE_DRIVERS,
      useFactory: (...drivers: DatabaseDriver[]) => drivers,
      inject: DRIVERS,
    },
    DriverRegistry,
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
