import type { Problem } from '@sluice/contracts';
import type { DomainErrorCode, FieldError } from './domain-error';

interface ProblemKind {
  status: number;
  title: string;
}

/** Exhaustive: a new domain code does not compile until it is mapped here. */
export const PROBLEM_KINDS: Record<DomainErrorCode, ProblemKind> = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  UNPROCESSABLE: { status: 422, title: 'Unprocessable request' },
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
};

export const HTTP_STATUS_CODES: Record<number, { code: string; title: string }> = {
  400: { code: 'BAD_REQUEST', title: 'Bad request' },
  401: { code: 'UNAUTHENTICATED', title: 'Authentication required' },
  403: { code: 'FORBIDDEN', title: 'Forbidden' },
  404: { code: 'NOT_FOUND', title: 'Not found' },
  405: { code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed' },
  406: { code: 'NOT_ACCEPTABLE', title: 'Not acceptable' },
  409: { code: 'CONFLICT', title: 'Conflict' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  429: { code: 'TOO_MANY_REQUESTS', title: 'Too many requests' },
  500: { code: 'INTERNAL_ERROR', title: 'Internal server error' },
  503: { code: 'SERVICE_UNAVAILABLE', title: 'Service unavailable' },
};

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  errors?: FieldError[],
): Problem {
  return {
    type: `https://sluice.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
