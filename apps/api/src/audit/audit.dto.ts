import { createZodDto } from 'nestjs-zod';
import { auditListResponseSchema, auditQuerySchema } from '@sluice/contracts';

/** The audit routes' request and response bodies, validated and documented from the contracts. */
export class AuditQueryDto extends createZodDto(auditQuerySchema) {}
export class AuditListResponseDto extends createZodDto(auditListResponseSchema) {}
