import { createZodDto } from 'nestjs-zod';
import {
  queryHistoryQuerySchema,
  queryHistoryResponseSchema,
  queryRequestSchema,
  queryResponseSchema,
} from '@sluice/contracts';

/** The query route's request and response bodies, validated and documented from the contracts. */
export class QueryRequestDto extends createZodDto(queryRequestSchema) {}
export class QueryResponseDto extends createZodDto(queryResponseSchema) {}
export class QueryHistoryQueryDto extends createZodDto(queryHistoryQuerySchema) {}
export class QueryHistoryResponseDto extends createZodDto(queryHistoryResponseSchema) {}
