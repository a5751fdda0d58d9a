import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
import { IdParamDto } from '../common/dto';
import { Auth, CurrentActor } from '../auth/auth.decorator';
import type { Actor } from '../auth/auth-user';
import { AiAccessDto, ConnectionResponseDto, WriteCredentialDto } from './connections.dto';
import { AiAccessService } from './ai-access.service';
import { WriteCredentialService } from './write-credential.service';

@ApiTags('connections')
@Controller('connections')
/** What only an admin (connections:govern) sets: the write credential and AI access. */
export class GovernanceController {
  constructor(
    private readonly writeCredential: WriteCredentialService,
    private readonly aiAccess: AiAccessService,
  ) {}

  @Put(':id/ai-access')
  @Auth({ permissions: ['connections:govern'] })
  @ApiOperation({
    summary: 'Set what AI assistants may do with a connection',
    description:
      'off (the default), catalog (assistants see its catalog through MCP) or query (and run read-only queries). Allowing queries when the last test found a credential that can write needs acknowledgeWriteCapable: true.',
  })
  @ZodResponse({ type: ConnectionResponseDto })
  async setAiAccess(
    @Param() params: IdParamDto,
    @Body() body: AiAccessDto,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.aiAccess.set(params.id, body, actor) };
  }

  @Put(':id/write-credential')
  @Auth({ permissions: ['connections:govern'] })
  @ApiOperation({
    summary: "Set or replace a connection's write credential",
    description:
      'A second user and password, encrypted like the first and never returned (hasWriteCredential). Only queries with allowWrite, by callers holding connections:query_write, use it.',
  })
  @ZodResponse({ type: ConnectionResponseDto })
  async set(
    @Param() params: IdParamDto,
    @Body() body: WriteCredentialDto,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.writeCredential.set(params.id, body, actor) };
  }

  @Delete(':id/write-credential')
  @Auth({ permissions: ['connections:govern'] })
  @ApiOperation({
    summary: "Remove a connection's write credential",
    description:
      'Queries with credential=write are refused afterwards; audited (connections:govern).',
  })
  @ZodResponse({ type: ConnectionResponseDto })
  async remove(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.writeCredential.remove(params.id, actor) };
  }
}
