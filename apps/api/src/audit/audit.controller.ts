import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
import { AuditListResponseDto, AuditQueryDto } from './audit.dto';
import { Auth } from '../auth/auth.decorator';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Auth({ permissions: ['audit:read'] })
  @ApiOperation({
    summary: 'List audit events',
    description:
      'Newest first, filtered by action (or an action group such as `connections`), resource, actor and time.',
  })
  @ZodResponse({ type: AuditListResponseDto })
  async list(@Query() query: AuditQueryDto) {
    return { data: await this.audit.list(query) };
  }

  @Get('export')
  @Auth({ permissions: ['audit:read'] })
  @ApiOperation({
    summary: 'Export audit events as CSV',
    description:
      'The events the same filters list, newest first, at most 10,000; page and pageSize are ignored. Cells a spreadsheet would run as a formula are led by an apostrophe.',
  })
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="sluice-audit.csv"')
  exportCsv(@Query() query: AuditQueryDto): Promise<string> {
    return this.audit.exportCsv(query);
  }
}
