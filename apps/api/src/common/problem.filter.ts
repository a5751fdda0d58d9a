import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { DomainError, type FieldError } from './domain-error';
import { HTTP_STATUS_CODES, PROBLEM_KINDS, problem } from './problem';
import type { Problem } from '@sluice/contracts';

interface Answer {
  problem: Problem;
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        message: 'is not an allowed field',
      }));
    }
    return [{ path: base || '(body)', message: issue.message }];
  });
}

function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function statusAnswer(status: number, detail: string): Answer {
  const known = HTTP_STATUS_CODES[status] ?? { code: `HTTP_${status}`, title: 'Error' };
  return { problem: problem(status, known.code, known.title, detail) };
}

/** Turns any thrown value into an answer; null means an unknown error (generic 500). */
export function toAnswer(exception: unknown): Answer | null {
  if (exception instanceof DomainError) {
    const kind = PROBLEM_KINDS[exception.code];
    const headers = exception.extra.retryAfterSeconds
      ? { 'retry-after': String(exception.extra.retryAfterSeconds) }
      : undefined;
    return {
      problem: problem(
        kind.status,
        exception.code,
        kind.title,
        exception.message,
        exception.extra.errors,
      ),
      headers,
      extra: exception.extra.body,
    };
  }
  if (exception instanceof ZodValidationException) {
    const errors = zodFieldErrors(exception.getZodError() as ZodError);
    const detail = `Invalid ${errors.map((e) => e.path).join(', ')}`;
    return { problem: problem(400, 'VALIDATION_FAILED', 'Invalid request', detail, errors) };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return statusAnswer(404, 'No such route');
    return status < 500 ? statusAnswer(status, exception.message) : null;
  }
  const code = pgCode(exception);
  if (code === '23505')
    return {
      problem: problem(409, 'CONFLICT', 'Conflict', 'A record with these values already exists'),
    };
  if (code === '22P02' || code === '22003' || code === '22021') {
    return {
      problem: problem(
        400,
        'VALIDATION_FAILED',
        'Invalid request',
        'A value has an invalid format',
      ),
    };
  }
  const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const message = exception instanceof Error ? exception.message : 'Bad request';
    return statusAnswer(fastifyStatus, message.replace(/^Body /, 'The body '));
  }
  return null;
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  exception: unknown,
): void {
  let answer = toAnswer(exception);
  if (!answer) {
    request.log.error({ err: exception, correlationId: request.id }, 'unhandled error');
    answer = statusAnswer(500, `Something went wrong on our side. Correlation id: ${request.id}`);
    answer.extra = { correlationId: request.id };
  }
  void reply
    .status(answer.problem.status)
    .headers({ ...answer.headers, 'content-type': 'application/problem+json; charset=utf-8' })
    .send({ ...answer.problem, ...answer.extra });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), exception);
  }
}
