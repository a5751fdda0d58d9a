import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from '../common/zod-response';
import { TEST_STREAM_TYPE, type Connection, type TestStreamLine } from '@sluice/contracts';
import { accepts, callerGone, JsonLines } from '../common/live-reply';
import { IdParamDto } from '../common/dto';
import {
  ConnectionListResponseDto,
  ConnectionResponseDto,
  CreateConnectionDto,
  CreateQueryDto,
  ForceQueryDto,
  ListQueryDto,
  ParseRequestDto,
  ParsedResponseDto,
  TestConnectionDto,
  TestCredentialQueryDto,
  TestResultResponseDto,
  UpdateConnectionDto,
} from './connections.dto';
import { Auth, CurrentActor, CurrentUser } from '../auth/auth.decorator';
import type { Actor, AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { WriteCredentialService } from './write-credential.service';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsService } from './connections.service';
import { parseIfMatch } from './if-match';

/** A connection a provisioning file manages changes through the file, or with ?force=true by an admin. */
function assertEditable(connection: Connection, query: ForceQueryDto, user: AuthUser): void {
  if (!connection.provisionedFrom) return;
  if (query.force !== 'true')
    throw new DomainError(
      'CONFLICT',
      `${connection.name} is managed by provisioning (${connection.provisionedFrom}): edit the file`,
    );
  if (!user.permissions.includes('connections:govern'))
    throw new DomainError(
      'FORBIDDEN',
      'Changing a provisioned connection needs connections:govern',
    );
}

/** Every answer about one connection carries its version as the ETag. */
function withEtag(reply: FastifyReply, connection: Connection) {
  void reply.header('etag', `"${connection.version}"`);
  return { data: connection };
}

@ApiTags('connections')
@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly tests: ConnectionTestsService,
    private readonly writeCredential: WriteCredentialService,
  ) {}

  /** Already checked against the response schema and serialized: see `listResponse`. */
  @Get()
  @ApiOperation({
    summary: 'List connections',
    description:
      'Paginated, sortable, searchable by name, host or database, filtered by type and status. Never a secret.',
  })
  @Auth({ permissions: ['connections:read'] })
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: ConnectionListResponseDto.Output })
  list(@Query() query: ListQueryDto): Promise<string> {
    return this.connections.listResponse(query);
  }

  @Post('test')
  @ApiOperation({
    summary: 'Test unsaved settings',
    description:
      'Runs the staged test (resolve, connect, TLS, authenticate, query) on settings not saved yet, or on a saved connection\'s stored secret with connectionId. A target\'s failure is a 201 result with a code and a hint, never an error. With `Accept: application/x-ndjson` the answer is 200 and streamed: one line `{"stage": …}` per stage as it ends, then `{"data": …}` with the result. A caller that goes away ends the test, and every socket and tunnel it opened (audited as CANCELLED).',
  })
  @Auth({ permissions: ['connections:test'] })
  @ApiCreatedResponse({ type: TestResultResponseDto.Output })
  async testUnsaved(
    @Body() body: TestConnectionDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const signal = callerGone(reply);
    if (!accepts(request, TEST_STREAM_TYPE)) {
      const data = await this.tests.testUnsaved(body, actor, { signal });
      if (!signal.aborted) await reply.status(201).send({ data });
      return;
    }
    const lines = new JsonLines(reply, TEST_STREAM_TYPE);
    const write = (line: TestStreamLine) => lines.write(line);
    try {
      const data = await this.tests.testUnsaved(body, actor, {
        signal,
        onStage: (stage) => write({ stage }),
      });
      lines.end({ data } satisfies TestStreamLine);
    } catch (error) {
      if (!lines.begun) throw error;
      // Begun, the answer can only stop: the client reads a stream without its last line.
      reply.raw.destroy();
    }
  }

  @Post('parse')
  @ApiOperation({
    summary: 'Read a connection string',
    description: "Splits a URL, DSN, JDBC or ADO.NET string into the dialog's fields.",
  })
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ status: 200, type: ParsedResponseDto })
  parse(@Body() body: ParseRequestDto) {
    return { data: this.connections.parse(body) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One connection',
    description:
      'Its settings, last test, schema and health status; never a secret. ETag carries its version.',
  })
  @Auth({ permissions: ['connections:read'] })
  @ZodResponse({ type: ConnectionResponseDto })
  async get(@Param() params: IdParamDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.connections.get(params.id));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a connection',
    description:
      'Credentials are encrypted at rest; a testReceipt from a passing test becomes its last test. Audited.',
  })
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ status: 201, type: ConnectionResponseDto })
  async create(
    @Query() query: CreateQueryDto,
    @Body() body: CreateConnectionDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.connections.create(body, actor, query.verify === 'true'));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a connection',
    description:
      'Only the fields sent; If-Match with the version is required (412 when stale). A change of target resets the last test unless a receipt for the new values is sent; a stored password only follows the same server.',
  })
  @Auth({ permissions: ['connections:write'] })
  @ZodResponse({ type: ConnectionResponseDto })
  async update(
    @Param() params: IdParamDto,
    @Body() body: UpdateConnectionDto,
    @Query() query: ForceQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertEditable(await this.connections.get(params.id), query, user);
    return withEtag(
      reply,
      await this.connections.update(params.id, body, actor, parseIfMatch(ifMatch)),
    );
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete a connection',
    description:
      'With its catalog, schedules and health history; audited. A provisioned one needs ?force=true and connections:govern.',
  })
  @HttpCode(204)
  @Auth({ permissions: ['connections:delete'] })
  async delete(
    @Param() params: IdParamDto,
    @Query() query: ForceQueryDto,
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    assertEditable(await this.connections.get(params.id), query, user);
    await this.connections.delete(params.id, actor);
  }

  @Post(':id/test')
  @Auth({ permissions: ['connections:test'] })
  @ApiOperation({
    summary: 'Test a saved connection',
    description:
      'Stores the result as its last test. With credential=write, tests the write credential instead (connections:govern) and stores nothing.',
  })
  @ZodResponse({ status: 201, type: TestResultResponseDto })
  async testSaved(
    @Param() params: IdParamDto,
    @Query() query: TestCredentialQueryDto,
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
  ) {
    if (query.credential !== 'write') return { data: await this.tests.testSaved(params.id, actor) };
    if (!user.permissions.includes('connections:govern'))
      throw new DomainError('FORBIDDEN', 'Testing the write credential needs connections:govern');
    return { data: await this.writeCredential.test(params.id, actor) };
  }
}
