import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../../common/zod-response';
import { createZodDto } from 'nestjs-zod';
import {
  healthHistoryQuerySchema,
  healthHistoryResponseSchema,
  healthRecentQuerySchema,
  healthRecentResponseSchema,
} from '@sluice/contracts';
import { IdParamDto } from '../../common/dto';
import { notFound } from '../../common/domain-error';
import { Auth } from '../../auth/auth.decorator';
import { ConnectionsRepository } from '../connections.repository';
import { HealthRepository } from './health.repository';

class HealthHistoryQueryDto extends createZodDto(healthHistoryQuerySchema) {}
class HealthRecentQueryDto extends createZodDto(healthRecentQuerySchema) {}
class HealthRecentResponseDto extends createZodDto(healthRecentResponseSchema) {}
class HealthHistoryResponseDto extends createZodDto(healthHistoryResponseSchema) {}

@ApiTags('connections')
@Controller('connections')
export class HealthController {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly health: HealthRepository,
  ) {}

  @Get('health/recent')
  @Auth({ permissions: ['connections:read'] })
  @ApiOperation({
    summary: 'The last 24 hours of health checks of several connections, by hour',
    description: 'For the list’s sparklines: up to 100 connection ids, comma-separated.',
  })
  @ZodResponse({ type: HealthRecentResponseDto })
  async recent(@Query() query: HealthRecentQueryDto) {
    return { data: await this.health.recent(query.ids) };
  }

  @Get(':id/health')
  @Auth({ permissions: ['connections:read'] })
  @ApiOperation({
    summary: "A connection's health checks and their summary",
    description:
      'Scheduled checks and manual tests between from and to (the last 24 hours unless given), newest first, with uptime %, p50 and p95 latency and the last failure.',
  })
  @ZodResponse({ type: HealthHistoryResponseDto })
  async history(@Param() params: IdParamDto, @Query() query: HealthHistoryQueryDto) {
    if (!(await this.connections.findById(params.id))) throw notFound('Connection');
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
    const history = await this.health.history(params.id, from, to);
    return { data: { from: from.toISOString(), to: to.toISOString(), ...history } };
  }
}
