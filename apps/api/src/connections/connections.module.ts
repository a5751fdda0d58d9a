import { AiAccessService } from './ai-access.service';
import { HealthRepository } from './health/health.repository';
import { SchedulesRepository } from './schedules.repository';
import { HealthChecker } from './health/health-checker';
import { HealthController } from './health/health.controller';
import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionEvents } from './connection-events';
import { ConnectionTestsService } from './connection-tests.service';
import { SampleController } from '../sample/sample.controller';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { DriversModule } from './drivers/drivers.module';
import { TestReceipts } from './test-receipts';
import { TestSlots } from './test-slots';
import { QueryController } from './query/query.controller';
import { QueryService } from './query/query.service';
import { QuerySlots } from './query/query-slots';
import { GovernanceController } from './governance.controller';
import { WriteCredentialService } from './write-credential.service';
import { AlertsModule } from '../alerts/alerts.module';
import { SshHostKeysRepository } from './ssh-host-keys.repository';
import { SshHostKeysService } from './ssh-host-keys.service';
import { SshHostKeysController } from './ssh-host-keys.controller';

/** The registry: connections, their credentials and their tests. Tells others through events. */
@Module({
  imports: [DriversModule, AlertsModule],
  controllers: [
    ConnectionsController,
    QueryController,
    GovernanceController,
    HealthController,
    SshHostKeysController,
    SampleController,
  ],
  providers: [
    ConnectionsRepository,
    ConnectionsService,
    ConnectionTestsService,
    ConnectionEvents,
    AiAccessService,
    HealthRepository,
    SchedulesRepository,
    HealthChecker,
    TestReceipts,
    TestSlots,
    QueryService,
    QuerySlots,
    WriteCredentialService,
    EncryptionService,
    SshHostKeysRepository,
    SshHostKeysService,
  ],
  exports: [
    SchedulesRepository,
    ConnectionsRepository,
    ConnectionEvents,
    EncryptionService,
    QueryService,
  ],
})
export class ConnectionsModule {}
