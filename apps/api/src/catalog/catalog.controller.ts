import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { IdParamDto } from '../common/dto';
import {
  CatalogSearchQueryDto,
  CatalogSearchResponseDto,
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

/** A connection's ingested schema, its syncs and its change history. */
@ApiTags('schema catalog')
@Controller('connections/:id/schema')
export class SchemaController {
  constructor(
    private readonly syncs: SchemaSyncService,
    private readonly catalog: CatalogService,
  ) {}

  @Get()
  @Auth({ permissions: ['catalog:read'] })
  @ZodResponse({ type: SchemaPageResponseDto })
  async list(@Param() params: IdParamDto, @Query() query: SchemaListQueryDto) {
    return { data: await this.catalog.list(params.id, query) };
  }

  @Get('changes')
  @Auth({ permissions: ['catalog:read'] })
  @ZodResponse({ type: SchemaChangesResponseDto })
  async changes(@Param() params: IdParamDto) {
    return { data: await this.catalog.changes(params.id) };
  }

  @Post('sync')
  @HttpCode(202)
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ status: 202, type: SchemaSyncResponseDto })
  async sync(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.syncs.enqueue(params.id, actor, 'requested') };
  }

  @Get('sync')
  @Auth({ permissions: ['connections:read'] })
  @ZodResponse({ type: CurrentSyncResponseDto })
  async current(@Param() params: IdParamDto) {
    return { data: await this.syncs.current(params.id) };
  }

  @Delete('sync')
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ type: SchemaSyncResponseDto })
  async cancel(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.syncs.cancel(params.id, actor) };
  }
}

/** Search across the catalogs of every connection. */
@ApiTags('schema catalog')
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('search')
  @Auth({ permissions: ['catalog:read'] })
  @ZodResponse({ type: CatalogSearchResponseDto })
  async search(@Query() query: CatalogSearchQueryDto) {
    return { data: await this.catalog.search(query) };
  }
}
