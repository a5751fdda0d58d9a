import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
import { IdParamDto } from '../common/dto';
import { Auth, CurrentActor } from '../auth/auth.decorator';
import type { Actor } from '../auth/auth-user';
import { AcceptHostKeyDto, ConnectionResponseDto } from './connections.dto';
import { SshHostKeysService } from './ssh-host-keys.service';

@ApiTags('connections')
@Controller('connections')
export class SshHostKeysController {
  constructor(private readonly hostKeys: SshHostKeysService) {}

  @Put(':id/ssh-host-key')
  @Auth({ permissions: ['connections:write'] })
  @ApiOperation({
    summary: "Accept an SSH bastion's host key",
    description:
      'Pins the fingerprint (SHA256:…, as ssh-keygen -lf prints it) as the bastion key of a tunnelled connection: after SSH_HOST_KEY_MISMATCH, the new key the test showed. Audited.',
  })
  @ZodResponse({ type: ConnectionResponseDto })
  async accept(
    @Param() params: IdParamDto,
    @Body() body: AcceptHostKeyDto,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.hostKeys.accept(params.id, body, actor) };
  }
}
