import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, preSerializationAsyncHookHandler } from 'fastify';
import { ZodResponse as DocumentedResponse, ZodSerializationException } from 'nestjs-zod';
import type { ZodType } from 'zod';

type ResponseType = ZodType | { schema: ZodType; codec?: boolean };
interface ResponseOptions {
  status?: number;
  description?: string;
  type: ResponseType | [ResponseType];
}

/** The route config key that carries a route's response schema to its Fastify hook. */
const RESPONSE_SCHEMA = 'sluiceResponseSchema';

/**
 * A route's answer, documented (OpenAPI, status) by nestjs-zod's `@ZodResponse`, and parsed
 * against its DTO before it is sent: fields the DTO does not name are dropped, and an answer
 * that does not fit it is a 500, never sent.
 *
 * The parse runs in a Fastify `preSerialization` hook of that route, not in nestjs-zod's global
 * interceptor. Any Nest interceptor makes Nest wrap every request in `AsyncResource.bind` twice.
 * Measured with the interceptor, every catalog search promoted 13-15 kB to the old generation,
 * and 8 clients caused a full collection every few hundred calls; with `AsyncResource.bind`
 * replaced by a plain function, 0.3-0.4 kB (as now, without the interceptor). The likely cause:
 * on Node 20 each bind makes a closure that holds the request the prototype of a new function
 * (the deprecated `asyncResource` getter, DEP0172), and V8 keeps what prototypes need in the old
 * generation, which then holds the request through every young collection until a full one.
 */
export const ZodResponse = ((options: ResponseOptions) => {
  const { type } = options;
  const list = Array.isArray(type);
  const one = list ? type[0] : type;
  if ('codec' in one && one.codec)
    throw new Error('ZodResponse: codec DTOs are not supported (their answers are encoded)');
  const schema = 'schema' in one ? one.schema : one;
  return applyDecorators(
    (DocumentedResponse as (o: ResponseOptions) => MethodDecorator)(options),
    RouteConfig({ [RESPONSE_SCHEMA]: list ? schema.array() : schema }),
  );
}) as typeof DocumentedResponse;

/** Gives every route declared with `ZodResponse` the hook that parses its answer. */
export function registerResponseSchemas(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const schema = (route.config as Record<string, ZodType | undefined> | undefined)?.[
      RESPONSE_SCHEMA
    ];
    if (!schema) return;
    const parse: preSerializationAsyncHookHandler = async (_request, reply, payload) => {
      // A problem answer (400, 404, 500…) is not this route's answer.
      if (reply.statusCode >= 400) return payload;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new ZodSerializationException(parsed.error);
      return parsed.data;
    };
    const before = route.preSerialization;
    route.preSerialization = [...(before ? [before].flat() : []), parse];
  });
}
