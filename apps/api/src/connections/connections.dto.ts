import { createZodDto } from 'nestjs-zod';
import {
  acceptHostKeySchema,
  aiAccessRequestSchema,
  forceQuerySchema,
  connectionListQuerySchema,
  connectionListResponseSchema,
  connectionResponseSchema,
  createConnectionQuerySchema,
  createConnectionSchema,
  parseConnectionRequestSchema,
  parsedConnectionResponseSchema,
  testConnectionSchema,
  testCredentialQuerySchema,
  testResultResponseSchema,
  updateConnectionSchema,
  writeCredentialRequestSchema,
} from '@sluice/contracts';

/** The connections routes' request and response bodies, validated and documented from the contracts. */
export class ListQueryDto extends createZodDto(connectionListQuerySchema) {}
export class CreateQueryDto extends createZodDto(createConnectionQuerySchema) {}
export class CreateConnectionDto extends createZodDto(createConnectionSchema) {}
export class UpdateConnectionDto extends createZodDto(updateConnectionSchema) {}
export class TestConnectionDto extends createZodDto(testConnectionSchema) {}
export class ConnectionResponseDto extends createZodDto(connectionResponseSchema) {}
export class ConnectionListResponseDto extends createZodDto(connectionListResponseSchema) {}
export class TestResultResponseDto extends createZodDto(testResultResponseSchema) {}
export class ParseRequestDto extends createZodDto(parseConnectionRequestSchema) {}
export class ParsedResponseDto extends createZodDto(parsedConnectionResponseSchema) {}
export class TestCredentialQueryDto extends createZodDto(testCredentialQuerySchema) {}
export class WriteCredentialDto extends createZodDto(writeCredentialRequestSchema) {}
export class AiAccessDto extends createZodDto(aiAccessRequestSchema) {}
export class AcceptHostKeyDto extends createZodDto(acceptHostKeySchema) {}
export class ForceQueryDto extends createZodDto(forceQuerySchema) {}
