import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  DB_TYPE_LABELS,
  DEFAULT_PORTS,
  testResultSchema,
  testStageSchema,
  type CatalogObject,
  type TestResult,
  type TestStage,
} from '@sluice/contracts';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import type {
  ConnectionParams,
  IntrospectOptions,
  QueryJob,
  QueryRowsJson,
  StageListener,
  TestFailure,
} from '../core/types';
import { QueryError, queryCancelled, queryTimeout } from '../core/query';
import { IntrospectionError } from '../core/introspection';
import { timeoutFailure } from '../core/network-failures';
import { TestRun } from '../core/test-run';
import { scrubSecrets } from '../core/error-text';
import { boundFailure, boundTestResult, boundText } from './bounds';
import { DriverThreads, type ThreadEnd } from './driver-thread';
import { QueryThreads } from './query-threads';
import type { DriverWorkerData } from './worker-messages';

/** Time a thread gets past its own deadline to answer before it is ended. */
const GRACE_MS = 2000;

function where(params: ConnectionParams): string {
  return params.dbType === 'sqlite'
    ? (params.databaseName ?? 'the file')
    : `${params.host ?? ''}:${params.port ?? DEFAULT_PORTS[params.dbType] ?? ''}`;
}

/** What a thread that did not answer means to a person. */
function failureOf(
  end: ThreadEnd,
  params: ConnectionParams,
  limitMb: number,
  deadlineMs: number,
): TestFailure {
  const label = DB_TYPE_LABELS[params.dbType];
  if (end.kind === 'killed') return timeoutFailure(params.host ?? '', params.port, deadlineMs);
  if (end.kind === 'out_of_memory') {
    return {
      errorCode: 'RESPONSE_TOO_LARGE',
      message: `${where(params)} sent more than Sluice accepts (${limitMb} MB), so Sluice stopped reading it`,
      hint: `Check the host and port: a ${label} server answers Sluice's questions with a few rows, not an endless stream.`,
    };
  }
  const detail =
    end.kind === 'crashed'
      ? `: ${boundText(scrubSecrets(end.message, [params.password]), 300)}`
      : '';
  return {
    errorCode: 'PROTOCOL_ERROR',
    message: `${where(params)} sent something Sluice could not read as ${label}${detail}`,
    hint: `Check the host and port: the server there does not answer as a ${label} server would.`,
  };
}

/** The stage a test is in once `last` has passed (TLS is part of the login it precedes). */
const STAGE_AFTER: Record<TestStage['name'], TestStage['name']> = {
  resolve: 'connect',
  ssh_connect: 'ssh_authenticate',
  ssh_authenticate: 'connect',
  connect: 'authenticate',
  tls: 'authenticate',
  authenticate: 'query',
  query: 'query',
};

/** A test its caller stopped: the stages it had passed, and the one it was in, failed. */
function cancelledAfter(seen: TestStage[], elapsedMs: number, tunnel: boolean): TestResult {
  const last = seen.at(-1)?.name;
  const next = !last ? 'resolve' : last === 'resolve' && tunnel ? 'ssh_connect' : STAGE_AFTER[last];
  return {
    success: false,
    message: 'The test was cancelled before it ended',
    latencyMs: elapsedMs,
    errorCode: 'CANCELLED',
    hint: 'Sluice ended it and closed what it had opened. Test again when you are ready.',
    serverVersion: null,
    stages: [...seen, { name: next, ok: false, ms: 0 }],
    privileges: null,
  };
}

/**
 * The drivers, each test and each schema read run in a thread of its own: a target's bytes can
 * crash, flood or hang that thread, never the API. Results are checked and bounded on the way out.
 */
@Injectable()
export class IsolatedDrivers implements OnApplicationShutdown {
  private readonly tests: DriverThreads;
  private readonly syncs: DriverThreads;
  private readonly queries: QueryThreads;
  /** Queries of drivers that block their thread (SQLite): one per thread. */
  private readonly blockingQueries: DriverThreads;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const data: DriverWorkerData = {
      config: { network: config.network, sqliteRoot: config.sqliteRoot },
    };
    // Health checks run HEALTH_CHECK_CONCURRENCY tests at once: that many threads are kept.
    this.tests = new DriverThreads(
      data,
      config.connectionTestMemoryMb,
      true,
      Math.max(4, config.health.concurrency),
    );
    // A sync's thread holds a whole catalog when it is done: it is ended, not kept.
    this.syncs = new DriverThreads(data, config.schemaSync.memoryMb, false);
    this.blockingQueries = new DriverThreads(data, config.query.memoryMb);
    this.queries = new QueryThreads(
      { ...data, sessionIdleMs: config.query.sessionIdleSeconds * 1000 },
      config.query.memoryMb,
      config.query.threads,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([
      this.tests.close(),
      this.syncs.close(),
      this.queries.close(),
      this.blockingQueries.close(),
    ]);
  }

  /**
   * A connection test in a thread. `live.onStage` hears each stage as it ends; `live.signal`
   * (a caller gone) ends the thread at once, and with it every socket and tunnel it opened.
   */
  async test(
    params: ConnectionParams,
    deadlineMs: number,
    live: { onStage?: StageListener; signal?: AbortSignal } = {},
  ): Promise<TestResult> {
    const run = new TestRun(deadlineMs);
    const heapMb = this.config.connectionTestMemoryMb;
    const seen: TestStage[] = [];
    const end = await this.tests.run(
      { op: 'test', params, deadlineMs },
      deadlineMs + GRACE_MS,
      (progress) => {
        if (progress.kind !== 'stage') return;
        const checked = testStageSchema.safeParse(progress.stage);
        if (!checked.success) return;
        seen.push(checked.data);
        live.onStage?.(checked.data);
      },
      live.signal,
    );
    if (end.kind === 'tested') {
      const checked = testResultSchema.safeParse(end.result);
      if (checked.success) return boundTestResult(checked.data);
    }
    if (end.kind === 'killed' && live.signal?.aborted)
      return cancelledAfter(seen, run.elapsedMs(), !!params.sshTunnel);
    return run.failure('connect', failureOf(end, params, heapMb, deadlineMs));
  }

  /**
   * A schema read in a thread of its own, handed over in batches: to `options.onBatch` as they
   * come (the thread reads the next while one is written), or gathered and returned without one. A batch
   * the caller refuses (a cancelled sync) ends the thread, and its error is thrown.
   */
  async introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    const heapMb = this.config.schemaSync.memoryMb;
    const gathered: CatalogObject[] = [];
    const take =
      options.onBatch ??
      ((objects: CatalogObject[]) => {
        gathered.push(...objects);
        return Promise.resolve();
      });
    const refused = new AbortController();
    const refusal: { error: Error | null } = { error: null };
    let taking = Promise.resolve();
    const end = await this.syncs.run(
      {
        op: 'introspect',
        params,
        timeoutMs: options.timeoutMs,
        connectTimeoutMs: options.connectTimeoutMs ?? this.config.connectionTestTimeoutMs,
        maxObjects: this.config.schemaSync.maxObjects,
      },
      options.timeoutMs + GRACE_MS,
      (progress, tell) => {
        if (progress.kind === 'listed') options.onObjectsListed?.(progress.total);
        if (progress.kind !== 'objects') return;
        // Once the batch before is written, this one is taken and the thread reads the next
        // while it is written: reading and writing overlap, two batches at most in hand.
        taking = taking.then(async () => {
          if (refusal.error) return;
          tell({ taken: true });
          try {
            await take(JSON.parse(progress.json) as CatalogObject[]);
          } catch (error) {
            refusal.error = error instanceof Error ? error : new Error(String(error));
            refused.abort();
          }
        });
      },
      refused.signal,
    );
    await taking;
    if (refusal.error) throw refusal.error;
    if (end.kind === 'catalog') return gathered;
    if (end.kind === 'failed')
      throw new IntrospectionError(boundFailure(end.failure), end.transient);
    const failure = failureOf(end, params, heapMb, options.timeoutMs);
    throw new IntrospectionError(failure, end.kind === 'killed');
  }

  /** Closes the target sessions kept for a connection (it changed, was disabled or deleted). */
  evictSessions(connectionId: string): void {
    this.queries.evict(connectionId);
  }

  /** One read-only statement, in a thread; a thread past the deadline is ended, and its sockets. */
  async runQuery(
    connectionId: string,
    params: ConnectionParams,
    job: QueryJob,
    signal?: AbortSignal,
  ): Promise<QueryRowsJson> {
    // The driver's own deadline (the server's timeout, then Sluice's) comes first; a file
    // database's thread is simply ended at the deadline, or when the caller cancels.
    const end =
      params.dbType === 'sqlite'
        ? await this.blockingQueries.run(
            { op: 'query', params, job },
            job.timeoutMs + 500,
            undefined,
            signal,
          )
        : await this.queries.run(connectionId, params, job, job.timeoutMs + 2 * GRACE_MS, signal);
    if (end.kind === 'rows') return end.result;
    if (end.kind === 'query_failed') {
      const { errorCode, message, hint, position } = end.failure;
      const bounded = boundFailure({ errorCode: 'DRIVER_ERROR', message, hint: hint ?? '' });
      throw new QueryError({
        errorCode,
        message: bounded.message,
        ...(hint && { hint: bounded.hint }),
        ...(position !== undefined && { position }),
      });
    }
    if (end.kind === 'killed')
      throw new QueryError(signal?.aborted ? queryCancelled() : queryTimeout(job.timeoutMs));
    if (end.kind !== 'crashed' && end.kind !== 'out_of_memory')
      throw new QueryError({
        errorCode: 'DRIVER_ERROR',
        message: 'The query thread answered out of turn',
      });
    const failure = failureOf(end, params, this.config.query.memoryMb, job.timeoutMs);
    throw new QueryError(failure);
  }
}
