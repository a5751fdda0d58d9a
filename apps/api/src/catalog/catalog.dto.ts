import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  catalogContextQuerySchema,
  catalogContextResponseSchema,
  catalogSearchQuerySchema,
  columnTagRequestSchema,
  columnTagSchema,
  catalogSearchResponseSchema,
  catalogConnectionsResponseSchema,
  envelope,
  schemaChangesResponseSchema,
  schemaListQuerySchema,
  schemaPageResponseSchema,
  schemaSyncResponseSchema,
  schemaSyncSchema,
} from '@sluice/contracts';

/** The catalog routes' request and response bodies, validated and documented from the contracts. */
export class SchemaListQueryDto extends createZodDto(schemaListQuerySchema) {}
export class SchemaPageResponseDto extends createZodDto(schemaPageResponseSchema) {}
export class SchemaChangesResponseDto extends createZodDto(schemaChangesResponseSchema) {}
export class SchemaSyncResponseDto extends createZodDto(schemaSyncResponseSchema) {}
export class CurrentSyncResponseDto extends createZodDto(envelope(schemaSyncSchema.nullable())) {}
export class CatalogSearchQueryDto extends createZodDto(catalogSearchQuerySchema) {}
export class CatalogSearchResponseDto extends createZodDto(catalogSearchResponseSchema) {}
export class ColumnTagDto extends createZodDto(columnTagRequestSchema) {}
export class ColumnTagsResponseDto extends createZodDto(envelope(z.array(columnTagSchema))) {}
export class CatalogContextQueryDto extends createZodDto(catalogContextQuerySchema) {}
export class CatalogContextResponseDto extends createZodDto(catalogContextResponseSchema) {}
export class CatalogConnectionsResponseDto extends createZodDto(catalogConnectionsResponseSchema) {}
