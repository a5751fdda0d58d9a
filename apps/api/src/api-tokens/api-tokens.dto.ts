import { createZodDto } from 'nestjs-zod';
import {
  apiTokenListQuerySchema,
  apiTokenListResponseSchema,
  createApiTokenRequestSchema,
  createdApiTokenResponseSchema,
} from '@sluice/contracts';

/** The API token routes' request and response bodies, validated and documented from the contracts. */
export class CreateApiTokenDto extends createZodDto(createApiTokenRequestSchema) {}
export class ApiTokenListQueryDto extends createZodDto(apiTokenListQuerySchema) {}
export class ApiTokenListResponseDto extends createZodDto(apiTokenListResponseSchema) {}
export class CreatedApiTokenResponseDto extends createZodDto(createdApiTokenResponseSchema) {}
