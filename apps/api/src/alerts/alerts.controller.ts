import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
import { IdParamDto } from '../common/dto';
import { Auth, CurrentActor } from '../auth/auth.decorator';
import type { Actor } from '../auth/auth-user';
import {
  ChannelListResponseDto,
  ChannelResponseDto,
  CreateChannelDto,
  DeliveryResultResponseDto,
  UpdateChannelDto,
} from './alerts.dto';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('notification-channels')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Auth({ permissions: ['alerts:manage'] })
  @ApiOperation({
    summary: 'List the notification channels alerts are sent to',
    description:
      "Each channel's kind, the host of its URL (never the URL), whether it is enabled and its last delivery (alerts:manage).",
  })
  @ZodResponse({ type: ChannelListResponseDto })
  async list() {
    return { data: await this.alerts.list() };
  }

  @Post()
  @Auth({ permissions: ['alerts:manage'] })
  @ApiOperation({
    summary: 'Add a notification channel',
    description:
      'A generic JSON webhook, a Slack incoming webhook or a Microsoft Teams workflow webhook. The URL is a secret: encrypted, never returned (only its host, as target), and its host must pass the network policy.',
  })
  @ZodResponse({ status: 201, type: ChannelResponseDto })
  async create(@Body() body: CreateChannelDto, @CurrentActor() actor: Actor) {
    return { data: await this.alerts.create(body, actor) };
  }

  @Patch(':id')
  @Auth({ permissions: ['alerts:manage'] })
  @ApiOperation({
    summary: 'Rename, re-point, enable or disable a notification channel',
    description: 'A new URL passes the network policy and is sealed like the first; audited.',
  })
  @ZodResponse({ type: ChannelResponseDto })
  async update(
    @Param() params: IdParamDto,
    @Body() body: UpdateChannelDto,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.alerts.update(params.id, body, actor) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth({ permissions: ['alerts:manage'] })
  @ApiOperation({
    summary: 'Remove a notification channel',
    description: 'Deliveries already queued to it are dropped; audited.',
  })
  async delete(@Param() params: IdParamDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.alerts.delete(params.id, actor);
  }

  @Post(':id/test')
  @HttpCode(200)
  @Auth({ permissions: ['alerts:manage'] })
  @ApiOperation({
    summary: 'Send a test alert now',
    description:
      "One try, answered with its outcome (HTTP status or why it failed), kept as the channel's last delivery.",
  })
  @ZodResponse({ type: DeliveryResultResponseDto })
  async sendTest(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.alerts.sendTest(params.id, actor) };
  }
}
