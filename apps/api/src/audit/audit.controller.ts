import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { AuditListResponseDto, AuditQueryDto } from './audit.dto';
import { Auth } from '../auth/auth.decorator';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Auth({ permissions: ['audit:read'] })
  @ZodResponse({ type: AuditListResponseDto })
  async list(@Query() query: AuditQueryDto) {
    return { data: await this.audit.list(query) };
  }
}
