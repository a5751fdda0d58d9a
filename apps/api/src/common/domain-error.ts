/** Every code a service may throw; the problem filter maps each to an HTTP status. */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_CREDENTIALS',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly extra: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      body?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found`);
export const fieldError = (path: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `${path} ${message}`, { errors: [{ path, message }] });

/** 409 for work asked of a disabled connection: it keeps its catalog, and is enabled in one click. */
export function disabledConnection(name: string, work: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `${name} is disabled, so Sluice does not ${work} it: enable it first`,
  );
}
