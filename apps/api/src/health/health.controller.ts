import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ZodResponse } from 'nestjs-zod';
import { HealthResponseDto } from './health.dto';
import { DATABASE_POOL } from '../db/database';
import { ping } from '../db/database.repository';
import { DomainError } from '../common/domain-error';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  @Get()
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
