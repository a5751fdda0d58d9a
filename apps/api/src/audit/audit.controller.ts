import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { auditListResponseSchema, auditQuerySchema } from '@sluice/contracts';
import { Auth } from '../auth/auth.decorator';
import { AuditService } from './audit.service';

class AuditQueryDto extends createZodDto(auditQuerySchema) {}
class AuditListResponseDto extends createZodDto(auditListResponseSchema) {}

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
