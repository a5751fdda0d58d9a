import { Module } from '@nestjs/common';
import { ProvisioningController } from './provisioning.controller';
import { ProvisioningRepository } from './provisioning.repository';

/** Connections as code: the file's JSON Schema and the export (apply runs at start-up and in the CLI). */
@Module({ controllers: [ProvisioningController], providers: [ProvisioningRepository] })
export class ProvisioningModule {}
