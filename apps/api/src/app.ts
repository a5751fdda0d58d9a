import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import { LogController, type FastifyInstance } from 'fastify';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { PinoNestLogger } from './common/logger';
import { registerSecurityHeaders } from './common/security-headers';
import { registerOriginCheck } from './common/origin-check';
import { registerResponseSchemas } from './common/zod-response';
import { SESSION_COOKIE } from './auth/auth-user';
import { registerWebAssets, webDistDir } from './web/web-assets';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface CreateAppOptions {
  config: AppConfig;
  pool: Pool;
  logger: Logger;
}

function registerRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}

/** Everything main.ts and the tests share: prefix, errors, docs, cookies, headers, the web UI. */
export async function bootstrap(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Before Nest registers the routes (app.init), so that each gets the hook its DTO needs.
  registerResponseSchemas(fastify);
  // The MCP endpoint lives at /mcp, where assistants' configurations expect it.
  app.setGlobalPrefix('api', { exclude: [{ path: 'mcp', method: RequestMethod.ALL }] });
  await app.register(fastifyCookie);
  // JSON only: every other body type is answered 415 by Fastify itself.
  fastify.removeContentTypeParser('text/plain');
  registerOriginCheck(fastify);
  registerRequestLog(fastify);
  registerSecurityHeaders(fastify);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sluice API')
      .setDescription('The registry of the databases your tools connect to.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(document), {
    jsonDocumentUrl: 'api/openapi.json',
    useGlobalPrefix: false,
  });
  await registerWebAssets(fastify, webDistDir(config.webDistDir));
}

export async function createApp({
  config,
  pool,
  logger,
}: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, pool }),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
      bodyParser: false,
    },
  );
  await bootstrap(app, config);
  await app.init();
  return app;
}
