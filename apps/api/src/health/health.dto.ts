import { createZodDto } from 'nestjs-zod';
import { healthResponseSchema } from '@sluice/contracts';

/** The health routes' request and response bodies, validated and documented from the contracts. */
export class HealthResponseDto extends createZodDto(healthResponseSchema) {}
