import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { callerGone } from '../common/live-reply';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { actorOf, type AuthenticatedRequest } from '../auth/auth.decorator';
import { tokenOf } from '../auth/token-of';
import { isApiToken } from '../api-tokens/pat';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import { sendProblem } from '../common/problem.filter';
import { mcpAccessRefusal } from './mcp-access';
import { mcpServerFor } from './mcp-server';
import { McpToolsService } from './mcp-tools.service';

const CHALLENGE =
  'Bearer realm="Sluice MCP", error="invalid_token", error_description="Send a Sluice API token: Authorization: Bearer sluice_pat_..."';

/**
 * The MCP endpoint: Streamable HTTP without sessions, so every request is authenticated anew (a
 * revoked token stops at its next call) and any API process can answer it. JSON answers only.
 */
@ApiExcludeController()
@Controller('mcp')
export class McpController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: ApiTokensService,
    private readonly tools: McpToolsService,
    private readonly audit: AuditService,
  ) {}

  @All()
  async handle(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const refusal = mcpAccessRefusal(request, this.config);
    if (refusal) return sendProblem(reply, request, new DomainError('FORBIDDEN', refusal));
    const token = tokenOf(request);
    const user = token && isApiToken(token) ? await this.tokens.principalOf(token) : null;
    if (!user) {
      void reply.header('www-authenticate', CHALLENGE);
      return sendProblem(
        reply,
        request,
        new DomainError(
          'UNAUTHENTICATED',
          token
            ? 'This API token is unknown, revoked or expired, or its owner is deactivated: create a new one in Sluice (your name, then API tokens)'
            : 'Sluice’s MCP endpoint needs an API token: Authorization: Bearer sluice_pat_… (create one in Sluice: your name, then API tokens)',
        ),
      );
    }
    if (request.method !== 'POST') {
      void reply.header('allow', 'POST');
      return sendProblem(
        reply,
        request,
        new DomainError(
          'METHOD_NOT_ALLOWED',
          'Sluice’s MCP endpoint keeps no sessions or streams: send each JSON-RPC message with POST',
        ),
      );
    }
    request.user = user;
    const gone = callerGone(reply);
    const server = mcpServerFor(
      { user, actor: actorOf(request), signal: gone },
      { tools: this.tools, audit: this.audit, logger: request.log, version: '0.1.0' },
    );
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    reply.hijack();
    reply.raw.once('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  }
}
