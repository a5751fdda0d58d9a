import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import type { Pool } from 'pg';
import { APP_CONFIG, type AppConfig } from './config/config';
import { createDatabase, DATABASE, DATABASE_POOL } from './db/database';
import { ChangeFeed } from './db/change-feed';
import { SearchPool } from './db/search-pool';
import { ProblemFilter } from './common/problem.filter';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { UsersModule } from './users/users.module';
import { ConnectionsModule } from './connections/connections.module';
import { CatalogModule } from './catalog/catalog.module';
import { McpModule } from './mcp/mcp.module';
import { OverviewModule } from './overview/overview.module';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { JobsModule } from './jobs/jobs.module';
import { HealthController } from './health/health.controller';

export interface AppDependencies {
  config: AppConfig;
  pool: Pool;
}

@Module({})
export class AppModule {
  static forRoot({ config, pool }: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        JobsModule,
        AuditModule,
        AuthModule,
        UsersModule,
        ConnectionsModule,
        CatalogModule,
        McpModule,
        OverviewModule,
        ProvisioningModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_POOL, useValue: pool },
        { provide: DATABASE, useValue: createDatabase(pool) },
        ChangeFeed,
        SearchPool,
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [APP_CONFIG, DATABASE_POOL, DATABASE, ChangeFeed, SearchPool],
    };
  }
}
