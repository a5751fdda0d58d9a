import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
import { IdParamDto } from '../common/dto';
import {
  CatalogContextQueryDto,
  CatalogContextResponseDto,
  CatalogSearchQueryDto,
  CatalogSearchResponseDto,
  CatalogConnectionsResponseDto,
  ColumnTagDto,
  ColumnTagsResponseDto,
  CurrentSyncResponseDto,
  SchemaChangesResponseDto,
  SchemaListQueryDto,
  SchemaPageResponseDto,
  SchemaSyncResponseDto,
} from './catalog.dto';
import { Auth, CurrentActor } from '../auth/auth.decorator';
import type { Actor } from '../auth/auth-user';
import { CatalogService } from './catalog.service';
import { SchemaSyncService } from './sync/schema-sync.service';
import { ColumnTagsService } from './column-tags.service';
import { CatalogRetrieval } from './index/catalog-retrieval.service';

/** A connection's ingested schema, its syncs and its change history. */
@ApiTags('schema catalog')
@Controller('connections/:id/schema')
export class SchemaController {
  constructor(
    private readonly syncs: SchemaSyncService,
    private readonly catalog: CatalogService,
    private readonly tags: ColumnTagsService,
  ) {}

  @Get('tags')
  @Auth({ permissions: ['catalog:read'] })
  @ApiOperation({
    summary: "A connection's column tags (hidden from assistants, or PII)",
    description: 'Tags outlive re-syncs; a hidden column never reaches an AI assistant.',
  })
  @ZodResponse({ type: ColumnTagsResponseDto })
  async listTags(@Param() params: IdParamDto) {
    return { data: await this.tags.list(params.id) };
  }

  @Put('tags')
  @Auth({ permissions: ['connections:govern'] })
  @ApiOperation({
    summary: 'Tag a column: hidden from assistants, or PII; tag null removes it',
    description:
      'A hidden column is never shown to an assistant, and its queries that name it (or * over its table) are refused; a PII one is shown with a warning. Tags outlive re-syncs. Answers every tag of the connection.',
  })
  @ZodResponse({ type: ColumnTagsResponseDto })
  async setTag(
    @Param() params: IdParamDto,
    @Body() body: ColumnTagDto,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.tags.set(params.id, body, actor) };
  }

  @Get()
  @ApiOperation({
    summary: "A connection's catalog",
    description:
      'Its tables and views with columns, keys, indexes and comments, paginated, filtered by schema and name; with the sync and embedding status.',
  })
  @Auth({ permissions: ['catalog:read'] })
  @ZodResponse({ type: SchemaPageResponseDto })
  async list(@Param() params: IdParamDto, @Query() query: SchemaListQueryDto) {
    return { data: await this.catalog.list(params.id, query) };
  }

  @Get('changes')
  @ApiOperation({
    summary: 'Recent schema changes',
    description: 'What each sync found added, removed or retyped, newest first.',
  })
  @Auth({ permissions: ['catalog:read'] })
  @ZodResponse({ type: SchemaChangesResponseDto })
  async changes(@Param() params: IdParamDto) {
    return { data: await this.catalog.changes(params.id) };
  }

  @Post('sync')
  @ApiOperation({
    summary: 'Sync the schema now',
    description:
      'Queues a schema sync (one per connection at a time); 409 when the connection is disabled.',
  })
  @HttpCode(202)
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ status: 202, type: SchemaSyncResponseDto })
  async sync(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.syncs.enqueue(params.id, actor, 'requested') };
  }

  @Get('sync')
  @ApiOperation({
    summary: "The schema sync's status",
    description: 'Queued, running with progress, or how the last one ended.',
  })
  @Auth({ permissions: ['connections:read'] })
  @ZodResponse({ type: CurrentSyncResponseDto })
  async current(@Param() params: IdParamDto) {
    return { data: await this.syncs.current(params.id) };
  }

  @Delete('sync')
  @ApiOperation({
    summary: 'Cancel the schema sync',
    description: 'Stops a queued or running sync; the catalog keeps its last complete state.',
  })
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ type: SchemaSyncResponseDto })
  async cancel(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.syncs.cancel(params.id, actor) };
  }
}

/** Search and question context across the catalogs of every connection. */
@ApiTags('schema catalog')
@Controller('catalog')
export class CatalogController {
  constructor(private readonly retrieval: CatalogRetrieval) {}

  @Get('connections')
  @Auth({ permissions: ['catalog:read'] })
  @ApiOperation({
    summary: 'Connections with a catalog',
    description:
      'Each connection whose schema has been read: its name, type, table count and schema names (never its host or user), to narrow a search.',
  })
  @ZodResponse({ type: CatalogConnectionsResponseDto })
  async connections() {
    return { data: await this.retrieval.connections() };
  }

  @Get('search')
  @Auth({ permissions: ['catalog:read'] })
  @ApiOperation({
    summary: 'Search tables and columns by name, words and meaning',
    description:
      'Identifiers are split into words (inv_hdr, customerId, CUSTOMER_ID) and abbreviations match by prefix; with an embedding provider, lexical ranking is fused with similarity of meaning (mode=hybrid, the default). Each hit says why it matched.',
  })
  @ZodResponse({ type: CatalogSearchResponseDto })
  async search(@Query() query: CatalogSearchQueryDto) {
    return this.retrieval.searchPage(query);
  }

  @Get('context')
  @Auth({ permissions: ['catalog:read'] })
  @ApiOperation({
    summary: "A question's context: the relevant tables as compact DDL",
    description:
      'The tables most relevant to a question in plain words, with the tables needed to join them, as DDL ready to paste into a prompt within maxChars. Hidden columns never appear.',
  })
  @ZodResponse({ type: CatalogContextResponseDto })
  async context(@Query() query: CatalogContextQueryDto) {
    return { data: await this.retrieval.context(query) };
  }
}
