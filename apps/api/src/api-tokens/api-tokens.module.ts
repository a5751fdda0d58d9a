import { Module } from '@nestjs/common';
import { RolePermissionsRepository } from '../auth/role-permissions.repository';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';

@Module({
  controllers: [ApiTokensController],
  providers: [ApiTokensService, ApiTokensRepository, RolePermissionsRepository],
  exports: [ApiTokensService, RolePermissionsRepository],
})
export class ApiTokensModule {}
