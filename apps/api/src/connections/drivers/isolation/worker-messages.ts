import type { TestResult, TestStage } from '@sluice/contracts';
import type { DriverConfig } from './driver-loaders';
import type {
  ConnectionParams,
  QueryFailure,
  QueryJob,
  QueryRowsJson,
  TestFailure,
} from '../core/types';

/** What a driver worker is started with. */
export interface DriverWorkerData {
  config: DriverConfig;
}

/** The one job a driver worker runs before it is ended. */
export type DriverJob =
  | { op: 'test'; params: ConnectionParams; deadlineMs: number }
  | {
      op: 'introspect';
      params: ConnectionParams;
      timeoutMs: number;
      connectTimeoutMs: number;
      maxObjects: number;
    }
  /** A query of a driver that blocks its thread (SQLite): one per thread, ended at its deadline. */
  | { op: 'query'; params: ConnectionParams; job: QueryJob };

/** What the API tells a thread while its job runs: a batch of objects was taken. */
export interface BatchTaken {
  taken: true;
}

/** What a driver worker posts back. */
export type DriverReply =
  | { kind: 'tested'; result: TestResult }
  | { kind: 'listed'; total: number }
  /**
   * A batch of the catalog being read, as JSON (a string crosses threads as one copy, where
   * cloning tens of thousands of small objects took a fifth of a sync's read); the thread reads
   * on once the batch is acknowledged.
   */
  | { kind: 'objects'; json: string }
  /** A test's stage as it ends, before the result. */
  | { kind: 'stage'; stage: TestStage }
  /** The read is over: every object went in an `objects` batch. */
  | { kind: 'catalog'; total: number }
  | { kind: 'failed'; failure: TestFailure; transient: boolean }
  | { kind: 'rows'; result: QueryRowsJson }
  | { kind: 'query_failed'; failure: QueryFailure }
  | { kind: 'crashed'; message: string }
  /** After a job: whether it left nothing open behind, so the thread may take the next one. */
  | { kind: 'settled'; clean: boolean };
