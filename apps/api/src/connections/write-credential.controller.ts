import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { IdParamDto } from '../common/dto';
import { Auth, CurrentActor } from '../auth/auth.decorator';
import type { Actor } from '../auth/auth-user';
import { ConnectionResponseDto, WriteCredentialDto } from './connections.dto';
import { WriteCredentialService } from './write-credential.service';

@ApiTags('connections')
@Controller('connections')
export class WriteCredentialController {
  constructor(private readonly writeCredential: WriteCredentialService) {}

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
  @ApiOperation({ summary: "Remove a connection's write credential" })
  @ZodResponse({ type: ConnectionResponseDto })
  async remove(@Param() params: IdParamDto, @CurrentActor() actor: Actor) {
    return { data: await this.writeCredential.remove(params.id, actor) };
  }
}
