import type { TestResult } from '@sluice/contracts';
import type { CellRow } from './catalog-builder';
import type { TestFailure } from './driver.interface';
import { preflight } from './preflight';
import { resolveStage, timeoutFailure } from './network';
import type { NetworkPolicy } from './network-policy';
import { DeadlineError, scrubSecrets, TestRun } from './test-run';

export interface WarehouseSession {
  query(sql: string): Promise<CellRow[]>;
  close(): void;
}

/** What differs between the warehouses reached over HTTPS through an SDK (Snowflake, Databricks). */
export interface WarehouseTest<S extends WarehouseSession> {
  host: string;
  port: number;
  secrets: (string | null)[];
  /** Logs in; `onAbandon` receives what stops a login still under way. */
  open(timeoutMs: number, onAbandon: (abandon: () => void) => void): Promise<S>;
  /** The query stage: the version and privileges, or a failure the session revealed. */
  probe(
    query: (sql: string) => Promise<CellRow[]>,
  ): Promise<
    { serverVersion: string; privileges: TestResult['privileges'] } | { failure: TestFailure }
  >;
  classify(error: unknown): TestFailure;
}

/**
 * A warehouse's staged test: resolve through the network policy, a TCP and TLS preflight for
 * the connect and tls stages, the SDK's login for authenticate, then the probe's queries; one
 * deadline over all, and everything closed on every path.
 */
export async function testWarehouse<S extends WarehouseSession>(
  policy: NetworkPolicy,
  deadlineMs: number,
  warehouse: WarehouseTest<S>,
): Promise<TestResult> {
  const run = new TestRun(deadlineMs);
  const { host, port } = warehouse;
  const resolved = await resolveStage(run, policy, host, port, (e) => warehouse.classify(e));
  if ('failed' in resolved) return resolved.failed;
  const refused = await preflight(run, resolved.address, host, port, { tls: true });
  if (refused) return refused;

  let session: S | undefined;
  let abandon = () => undefined as void;
  const close = () => {
    abandon();
    session?.close();
  };
  let stage: 'authenticate' | 'query' = 'authenticate';
  try {
    session = await run.within(
      'authenticate',
      warehouse.open(run.remainingMs(), (stop) => (abandon = stop)),
      close,
    );
    run.pass('authenticate');
    stage = 'query';
    const open = session;
    const outcome = await warehouse.probe((sql) => run.within('query', open.query(sql), close));
    if ('failure' in outcome) return run.failure('query', outcome.failure);
    run.pass('query');
    return run.success(outcome.serverVersion, outcome.privileges);
  } catch (error) {
    const failure =
      error instanceof DeadlineError
        ? timeoutFailure(host, port, deadlineMs)
        : warehouse.classify(error);
    return run.failure(stage, {
      ...failure,
      message: scrubSecrets(failure.message, warehouse.secrets),
    });
  } finally {
    close();
  }
}
