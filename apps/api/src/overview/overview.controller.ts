import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { ZodResponse } from '../common/zod-response';
import { overviewResponseSchema, type Permission } from '@sluice/contracts';
import { Auth, CurrentUser } from '../auth/auth.decorator';
import type { AuthUser } from '../auth/auth-user';
import { OverviewRepository } from './overview.repository';

class OverviewResponseDto extends createZodDto(overviewResponseSchema) {}

/** The Overview page's figures, as far as the caller may see them. */
@Injectable()
export class OverviewService {
  constructor(private readonly repository: OverviewRepository) {}

  async of(user: AuthUser) {
    const may = (p: Permission) => user.permissions.includes(p);
    const catalog = may('catalog:read');
    const [connections, counts, recentChanges] = await Promise.all([
      may('connections:read') ? this.repository.connections() : null,
      catalog ? this.repository.catalog() : null,
      catalog ? this.repository.recentChanges(5) : [],
    ]);
    return { connections, catalog: counts, recentChanges };
  }
}

@ApiTags('overview')
@Controller('overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @Auth()
  @ApiOperation({
    summary: 'The Overview page: connections by status, the catalog, recent schema changes',
    description:
      'Only what the caller may see: connection counts need connections:read, the catalog and its changes catalog:read.',
  })
  @ZodResponse({ type: OverviewResponseDto })
  async get(@CurrentUser() user: AuthUser) {
    return { data: await this.overview.of(user) };
  }
}
