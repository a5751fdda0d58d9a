import { Module } from '@nestjs/common';
import { EncryptionService } from '../common/encryption.service';
import { AlertDeliveries } from './alert-deliveries';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

/** Notification channels and alerts; the connections' checks and the schema syncs call it. */
@Module({
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, AlertDeliveries, EncryptionService],
  exports: [AlertsService],
})
export class AlertsModule {}
