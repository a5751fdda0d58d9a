import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionEvents } from './connection-events';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { DriversModule } from './drivers/drivers.module';
import { TestReceipts } from './test-receipts';
import { TestSlots } from './test-slots';

/** The registry: connections, their credentials and their tests. Tells others through events. */
@Module({
  imports: [DriversModule],
  controllers: [ConnectionsController],
  providers: [
    ConnectionsRepository,
    ConnectionsService,
    ConnectionTestsService,
    ConnectionEvents,
    TestReceipts,
    TestSlots,
    EncryptionService,
  ],
  exports: [ConnectionsRepository, ConnectionEvents, EncryptionService],
})
export class ConnectionsModule {}
