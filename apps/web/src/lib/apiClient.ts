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

/** One request to the API with the session cookie, a JSON body when there is one. */
function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`/api${path}`, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: options.signal,
  });
}

/** Calls the API with the session cookie; resolves `{ data }`, rejects with ApiError. */
export async function apiRequest<T>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const response = await send(path, options, 'application/json');
  if (response.status === 204)
    return { data: undefined as T, headers: response.headers, body: undefined };
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) throw problemOf(response, parsed);
  return { data: (parsed as { data: T }).data, headers: response.headers, body: parsed };
}

function problemOf(response: Response, parsed: unknown): ApiError {
  const problem = parsed as Problem & Record<string, unknown>;
  return new ApiError(response.status, {
    ...problem,
    title: problem.title ?? response.statusText,
    detail: problem.detail ?? `Request failed with status ${response.status}`,
    status: response.status,
    type: problem.type ?? 'about:blank',
    code: problem.code ?? 'UNKNOWN',
  });
}

/**
 * Asks for an answer streamed as JSON lines (`application/x-ndjson`) and hands each line to
 * `onLine` as it arrives. A server that answers plain JSON instead gives that one value.
 */
export async function apiLines(
  path: string,
  options: RequestOptions,
  onLine: (line: unknown) => void,
): Promise<void> {
  const response = await send(
    path,
    { method: 'POST', ...options },
    'application/x-ndjson, application/json;q=0.5',
  );
  const streamed = response.headers.get('content-type')?.startsWith('application/x-ndjson');
  if (!response.ok || !streamed || !response.body) {
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) throw problemOf(response, parsed);
    onLine(parsed);
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let at: number;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, at).trim();
      buffered = buffered.slice(at + 1);
      if (text) onLine(JSON.parse(text));
    }
  }
  if (buffered.trim()) onLine(JSON.parse(buffered));
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRequest<T>(path, options)).data;
}
