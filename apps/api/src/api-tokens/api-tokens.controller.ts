import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
import { IdParamDto } from '../common/dto';
import { Auth, CurrentActor, CurrentUser } from '../auth/auth.decorator';
import type { Actor, AuthUser } from '../auth/auth-user';
import {
  ApiTokenListQueryDto,
  ApiTokenListResponseDto,
  CreateApiTokenDto,
  CreatedApiTokenResponseDto,
} from './api-tokens.dto';
import { ApiTokensService } from './api-tokens.service';

@ApiTags('tokens')
@Controller('tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @Auth()
  @ApiOperation({
    summary: 'Create an API token',
    description:
      'Scopes are a non-empty subset of your own permissions. The token is in this answer only: Sluice keeps its hash.',
  })
  @ZodResponse({ status: 201, type: CreatedApiTokenResponseDto })
  async create(
    @Body() body: CreateApiTokenDto,
    @CurrentUser() me: AuthUser,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.tokens.create(me, body, actor) };
  }

  @Get()
  @Auth()
  @ApiOperation({
    summary: 'List live API tokens',
    description: "Your own; an admin may pass userId to list another user's.",
  })
  @ZodResponse({ type: ApiTokenListResponseDto })
  async list(@Query() query: ApiTokenListQueryDto, @CurrentUser() me: AuthUser) {
    return { data: await this.tokens.list(me, query.userId) };
  }

  @Delete(':id')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token', description: 'It stops working at once.' })
  async revoke(
    @Param() params: IdParamDto,
    @CurrentUser() me: AuthUser,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.tokens.revoke(me, params.id, actor);
  }
}
