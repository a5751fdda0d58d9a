import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { DriverRegistry } from './drivers/driver-registry';
import { DATABASE_DRIVERS } from './drivers/driver.interface';
import { PostgresqlDriver } from './drivers/postgresql.driver';

@Module({
  controllers: [ConnectionsController],
  providers: [
    ConnectionsRepository,
    ConnectionsService,
    ConnectionTestsService,
    EncryptionService,
    PostgresqlDriver,
    {
      provide: DATABASE_DRIVERS,
      useFactory: (...drivers: PostgresqlDriver[]) => drivers,
      inject: [PostgresqlDriver],
    },
    DriverRegistry,
  ],
})
export class ConnectionsModule {}
