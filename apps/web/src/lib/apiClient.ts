import type { Problem } from '@sluice/contracts';

/** A failed API call, carrying the problem+json answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem & Record<string, unknown>,
  ) {
    super(problem.detail || problem.title);
  }

  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.path, e.message]));
  }
}

type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Aborts the request (the console's Cancel). */
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
  /** The whole JSON answer, for the envelopes that carry more than `data` (a search's meta). */
  body: unknown;
}

/** Calls the API with the session cookie; resolves `{ data }`, rejects with ApiError. */
export async function apiRequest<T>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api${path}`, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: options.signal,
  });
  if (response.status === 204)
    return { data: undefined as T, headers: response.headers, body: undefined };
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const problem = parsed as Problem & Record<string, unknown>;
    throw new ApiError(response.status, {
      ...problem,
      title: problem.title ?? response.statusText,
      detail: problem.detail ?? `Request failed with status ${response.status}`,
      status: response.status,
      type: problem.type ?? 'about:blank',
      code: problem.code ?? 'UNKNOWN',
    });
  }
  return { data: (parsed as { data: T }).data, headers: response.headers, body: parsed };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRequest<T>(path, options)).data;
}
