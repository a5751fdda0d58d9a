import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { callerGone } from '../../common/live-reply';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../../common/zod-response';
import { IdParamDto } from '../../common/dto';
import { Auth, CurrentActor, CurrentUser } from '../../auth/auth.decorator';
import type { Actor, AuthUser } from '../../auth/auth-user';
import {
  QueryHistoryQueryDto,
  QueryHistoryResponseDto,
  QueryRequestDto,
  QueryResponseDto,
} from './query.dto';
import { AuditService } from '../../audit/audit.service';
import { answerJson, QueryService } from './query.service';

@ApiTags('queries')
@Controller()
export class QueryController {
  constructor(
    private readonly queries: QueryService,
    private readonly audit: AuditService,
  ) {}

  @Post('connections/:id/query')
  @HttpCode(200)
  @Auth({ permissions: ['connections:query'] })
  @ApiOperation({
    summary: 'Run one read-only SQL statement',
    description:
      "Through the connection's read-only credential, checked by the dialect's parser, in a read-only session with a server-side timeout; rows capped at maxRows and about 10 MB. A refusal or a target's failure is 422 with a code; every call is audited.",
  })
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: QueryResponseDto.Output })
  async run(
    @Param() params: IdParamDto,
    @Body() body: QueryRequestDto,
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // A caller that goes away before the answer (the console's Cancel) cancels the statement.
    const gone = callerGone(reply);
    // Rows are built by Sluice's drivers, never echoed from a request: serialized once, as they
    // are, rather than checked value by value against the schema (10,000 rows × 10 columns).
    return answerJson(await this.queries.run(params.id, body, user, actor, gone));
  }

  @Get('queries/history')
  @Auth({ permissions: ['connections:query'] })
  @ApiOperation({
    summary: 'Your recent queries',
    description:
      'The 30 latest statements you ran (of one connection with connectionId), from the audit log.',
  })
  @ZodResponse({ type: QueryHistoryResponseDto })
  async history(@Query() query: QueryHistoryQueryDto, @CurrentUser() user: AuthUser) {
    return { data: await this.audit.recentQueries(user.id, query.connectionId) };
  }
}
