import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ZodResponse } from '../common/zod-response';
import { HealthResponseDto } from './health.dto';
import { DATABASE_POOL } from '../db/database';
import { ping } from '../db/database.repository';
import { DomainError } from '../common/domain-error';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  @Get()
  @ApiOperation({
    summary: 'Is Sluice up',
    description:
      'Public. 200 with status ok while the metadata database answers, 503 when it does not: point a load balancer at it.',
  })
  @ZodResponse({ type: HealthResponseDto })
  async check() {
    try {
      await Promise.race([
        ping(this.pool),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE', 'The metadata database is unreachable');
    }
    return { data: { status: 'ok' as const, database: 'ok' as const } };
  }
}
