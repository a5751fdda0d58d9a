import type { ConnectionParams, QueryFailure, QueryJob, QueryRowsJson } from '../core/types';
import type { DriverConfig } from './driver-loaders';

/** What a query thread is started with. */
export interface QueryWorkerData {
  config: DriverConfig;
  /** How long an open target session is kept for the next query; 0 keeps none. */
  sessionIdleMs: number;
}

/** What the API sends a query thread: a query to run, or a connection whose sessions to close. */
export type QueryMessage =
  | { op: 'query'; id: number; connectionId: string; params: ConnectionParams; job: QueryJob }
  | { op: 'evict'; connectionId: string }
  | { op: 'cancel'; id: number };

export type QueryReply =
  | { kind: 'rows'; result: QueryRowsJson }
  | { kind: 'query_failed'; failure: QueryFailure }
  | { kind: 'crashed'; message: string };

/** How a query ended: its thread's answer, or what became of the thread. */
export type QueryEnd = QueryReply | { kind: 'killed' } | { kind: 'out_of_memory' };
