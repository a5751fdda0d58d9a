import { Module } from '@nestjs/common';
import { OverviewController, OverviewService } from './overview.controller';
import { OverviewRepository } from './overview.repository';

/** The Overview page's figures. */
@Module({
  controllers: [OverviewController],
  providers: [OverviewRepository, OverviewService],
})
export class OverviewModule {}
