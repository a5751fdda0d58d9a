/** What the drivers share to run a query: the rows collected under the caps, and the failures. */
import type { QueryValue } from '@sluice/contracts';
import type { QueryFailure, QueryJob } from './types';
import { introspectionTarget, IntrospectionError } from './introspection';
import { scrubSecrets } from './error-text';

/** A target's failure while a query runs: a result for the caller, never a server error. */
export class QueryError extends Error {
  constructor(readonly failure: QueryFailure) {
    super(failure.message);
  }
}

/** About the size of a value in the answer's JSON, without building that JSON. */
function sizeOf(value: QueryValue): number {
  if (value === null) return 4;
  if (typeof value === 'string') return value.length + 3;
  if (typeof value === 'number' || typeof value === 'boolean') return 8;
  return JSON.stringify(value).length + 1;
}

/** Rows as they arrive, kept while they fit `maxRows` and `maxBytes`. */
export class RowCollector {
  readonly rows: QueryValue[][] = [];
  truncated = false;
  private bytes = 0;

  constructor(private readonly job: Pick<QueryJob, 'maxRows' | 'maxBytes'>) {}

  /** Whether more rows are wanted: false once the result is full (and then it is truncated). */
  add(row: QueryValue[]): boolean {
    if (this.truncated) return false;
    let size = 2;
    for (const value of row) size += sizeOf(value);
    if (this.rows.length >= this.job.maxRows || this.bytes + size > this.job.maxBytes) {
      this.truncated = true;
      return false;
    }
    this.bytes += size;
    this.rows.push(row);
    return true;
  }

  /** About how many bytes of JSON the kept rows take. */
  get size(): number {
    return this.bytes;
  }
}

/** A failure of Sluice's deadline: the statement was cancelled on the server too. */
export function queryTimeout(timeoutMs: number): QueryFailure {
  return {
    errorCode: 'TIMEOUT',
    message: `The query ran longer than ${timeoutMs} ms, so it was cancelled on the server`,
    hint: 'Narrow the query (a WHERE clause, fewer joins) or raise timeoutMs (up to 300000).',
  };
}

/** The caller cancelled: the statement was stopped on the server. */
export function queryCancelled(): QueryFailure {
  return {
    errorCode: 'CANCELLED',
    message: 'The query was cancelled, and stopped on the server',
  };
}

/** Runs `cancel` once when `signal` aborts (at once if it already has); returns the undo. */
export function onAbort(signal: AbortSignal | undefined, cancel: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    cancel();
    return () => undefined;
  }
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

export function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** An introspection-style failure (the session could not be opened) as a query's failure. */
export function asQueryError(error: unknown): unknown {
  return error instanceof IntrospectionError ? new QueryError(error.failure) : error;
}

/**
 * Where a query's session connects once the network policy has checked the host, and how a
 * failure to open it reads: the same words as a connection test's.
 */
export async function querySessionTarget(...args: Parameters<typeof introspectionTarget>): Promise<{
  address: string;
  port: number;
  connectPort: number;
  fail: (error: unknown) => never;
}> {
  try {
    const target = await introspectionTarget(...args);
    const fail = (error: unknown): never => {
      try {
        return target.fail(error);
      } catch (failure) {
        throw asQueryError(failure);
      }
    };
    return { address: target.address, port: target.port, connectPort: target.connectPort, fail };
  } catch (error) {
    throw asQueryError(error);
  }
}

/** A statement the target refused or failed, in its own words with secrets scrubbed. */
export function targetSqlFailure(
  errorCode: QueryFailure['errorCode'],
  message: string,
  secrets: (string | null)[],
  position?: number,
): QueryFailure {
  return {
    errorCode,
    message: scrubSecrets(message, secrets).slice(0, 2000),
    ...(position !== undefined && Number.isInteger(position) && position > 0 && { position }),
  };
}

/**
 * The deadline and the caller's Cancel of one running statement: either runs the driver's way
 * of stopping it on the server, and the statement's error then reads as TIMEOUT or CANCELLED.
 */
export class QueryWatch {
  stopped: 'timeout' | 'cancelled' | null = null;
  private cancelRunning: () => void = () => undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly stopWatching: () => void;

  constructor(private readonly job: QueryJob) {
    this.timer = setTimeout(() => this.stop('timeout'), job.timeoutMs);
    this.stopWatching = onAbort(job.signal, () => this.stop('cancelled'));
  }

  /** How to stop the statement on the server; run at once when it is already stopped. */
  onStop(cancel: () => void): void {
    this.cancelRunning = cancel;
    if (this.stopped) cancel();
  }

  /** The failure a stopped statement reads as; null while it was not stopped. */
  failure(): QueryError | null {
    if (this.stopped === 'timeout') return new QueryError(queryTimeout(this.job.timeoutMs));
    if (this.stopped === 'cancelled') return new QueryError(queryCancelled());
    return null;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stopWatching();
  }

  private stop(why: 'timeout' | 'cancelled'): void {
    this.stopped ??= why;
    this.cancelRunning();
  }
}
