import { DIALECTS, type DbType, type TestResult } from '@sluice/contracts';
import type { NetworkPolicy } from '../../network/network-policy';
import { scrubSecrets } from './error-text';
import { resolveStage, silentFailure, timeoutFailure } from './network-failures';
import { preflight } from './preflight';
import { DeadlineError, TestRun } from './test-run';
import type { SshTunnelParams, TestFailure, StageListener } from './types';
import { SshTunnel } from '../tunnel/ssh-tunnel';
import { tunnelStages } from '../tunnel/tunnel-stages';

type OpenStage = 'connect' | 'tls' | 'authenticate' | 'query';

/** When the open step's socket connected and its TLS handshake finished (0: not yet). */
export interface StageMarks {
  connectedAt: number;
  securedAt: number;
}

/** What a dialect's open step is handed: where to connect, the time left, and the cleanup list. */
export interface OpenContext {
  /** The address the network policy checked: connect here, never to the typed host name. */
  readonly address: string;
  /** The port to connect to: the target's, or the local end of its SSH tunnel. */
  readonly port: number;
  readonly marks: StageMarks;
  readonly remainingMs: () => number;
  readonly connected: () => void;
  readonly secured: () => void;
  /**
   * Registers what must be closed on every path: a socket, a client, a login still under way.
   * Registered after the test ended (a login that outlived the deadline), it is closed at once.
   */
  readonly closeWith: (close: () => void) => void;
  /** The session the open step returns, closed (its `close()`) on every path. */
  readonly keep: <T extends { close(): unknown }>(session: T) => T;
}

export interface Probed {
  serverVersion: string | null;
  privileges: TestResult['privileges'];
}

/** What differs between dialects; everything else is the template's. */
export interface StagedTest<S> {
  /** The dialect: its label names what a silent server failed to be. */
  dbType: DbType;
  host: string;
  port: number;
  /** Texts that must never appear in a message: the password, a passphrase, a token. */
  secrets: (string | null)[];
  /** The SSH bastion the target is reached through: its stages come before `connect`. */
  tunnel?: SshTunnelParams | null;
  /** A typed field that cannot be sent as it is: the test fails at resolve, nothing is sent. */
  invalid?: TestFailure | null;
  /**
   * For an SDK that opens its own socket in one opaque step (the warehouses, Oracle): the
   * template connects (and, with `tls`, handshakes) first, for the connect and tls stages.
   */
  preflight?: { tls: boolean };
  /** The open step marks a TLS handshake of its own (`ctx.secured()`): a tls stage is shown. */
  tls?: boolean;
  /** The dialect's own marks object, when its error table reads it too (SQL Server's wire). */
  marks?: StageMarks;
  /** Connects, handshakes and logs in: the session, every resource registered with `ctx`. */
  open(ctx: OpenContext): Promise<S>;
  /** The query stage: each statement goes through `within`, which holds it to the deadline. */
  probe(session: S, within: <T>(work: Promise<T>) => Promise<T>): Promise<Probed | TestFailure>;
  /** Reads any error of this dialect, network failures included, as what a person should change. */
  classify(error: unknown): TestFailure;
  /** A second look at a failure before it is reported (MySQL asks once more over TLS). */
  reconsider?(failure: TestFailure, ctx: OpenContext): Promise<TestFailure>;
}

/** What is open, closed together exactly once. */
class Opened {
  private closers: (() => void)[] = [];
  private closed = false;

  add = (close: () => void): void => {
    if (this.closed) safely(close);
    else this.closers.push(close);
  };

  closeAll = (): void => {
    this.closed = true;
    const closers = this.closers.splice(0);
    for (const close of closers.reverse()) safely(close);
  };
}

function safely(close: () => void): void {
  try {
    close();
  } catch {
    // Closing what a failed step left is best effort: the socket is already gone.
  }
}

const isFailure = (outcome: Probed | TestFailure): outcome is TestFailure => 'errorCode' in outcome;

/**
 * Every networked driver's connection test: resolve through the network policy → (through an
 * SSH tunnel: ssh connect → ssh authenticate →) connect → TLS → authenticate → probe, under one
 * deadline, each stage timed; a failure classified by the dialect, its stage worked out once
 * here, secrets scrubbed; and one `finally` that closes everything the test opened, on success,
 * failure, timeout and a login that finishes late.
 */
export async function runStagedTest<S>(
  policy: NetworkPolicy,
  deadlineMs: number,
  onStage: StageListener | undefined,
  test: StagedTest<S>,
): Promise<TestResult> {
  const opened = new Opened();
  // Registered before anything opens: the one `finally` closes it on every path.
  const tunnel = test.tunnel
    ? new SshTunnel(test.tunnel, test.host, test.port, { closeWhenIdle: false })
    : null;
  if (tunnel) opened.add(() => tunnel.close());
  try {
    const result = await stages(policy, new TestRun(deadlineMs, onStage), test, opened, tunnel);
    const secrets = [
      ...test.secrets,
      test.tunnel?.password ?? null,
      test.tunnel?.passphrase ?? null,
    ];
    const scrubbed = { ...result, message: scrubSecrets(result.message, secrets) };
    return tunnel ? { ...scrubbed, sshHostKey: tunnel.hostKey } : scrubbed;
  } finally {
    opened.closeAll();
  }
}

async function stages<S>(
  policy: NetworkPolicy,
  run: TestRun,
  test: StagedTest<S>,
  opened: Opened,
  tunnel: SshTunnel | null,
): Promise<TestResult> {
  const { host, port, deadlineMs } = { ...test, deadlineMs: run.deadlineMs };
  if (test.invalid) return run.failure('resolve', test.invalid);
  let target: { address: string; port: number };
  const marks = test.marks ?? { connectedAt: 0, securedAt: 0 };
  if (tunnel) {
    const via = await tunnelStages(run, policy, tunnel);
    if ('failed' in via) return via.failed;
    target = via;
    marks.connectedAt = performance.now();
  } else {
    const resolved = await resolveStage(run, policy, host, port, (e) => test.classify(e));
    if ('failed' in resolved) return resolved.failed;
    target = { address: resolved.address, port };
  }
  // Through a tunnel the bastion's channel was the connect stage; TLS is still the preflight's.
  if (test.preflight && (!tunnel || test.preflight.tls)) {
    const refused = await preflight(run, target.address, host, port, {
      ...test.preflight,
      label: DIALECTS[test.dbType].label,
      connectPort: target.port,
      connected: tunnel !== null,
    });
    if (refused) return refused;
  }
  const connectShown = test.preflight !== undefined || tunnel !== null;
  const tls = !test.preflight && test.tls === true;
  // Connect and TLS are passed when they happen, so that a dialog shows them while the login runs.
  const ctx: OpenContext = {
    address: target.address,
    port: target.port,
    marks,
    remainingMs: () => run.remainingMs(),
    connected: () => {
      if (tunnel) return;
      marks.connectedAt = performance.now();
      if (!connectShown) run.pass('connect', marks.connectedAt);
    },
    secured: () => {
      marks.securedAt = performance.now();
      if (tls && run.passed('connect')) run.pass('tls', marks.securedAt);
    },
    closeWith: opened.add,
    keep: (session) => {
      opened.add(() => void Promise.resolve(session.close()).catch(() => undefined));
      return session;
    },
  };
  let session: { value: S } | undefined;
  try {
    session = { value: await run.within('authenticate', test.open(ctx), opened.closeAll) };
    if (!connectShown) run.pass('connect', marks.connectedAt || performance.now());
    if (tls) run.pass('tls', marks.securedAt || performance.now());
    run.pass('authenticate');
    const outcome = await test.probe(session.value, (work) =>
      run.within('query', work, opened.closeAll),
    );
    if (isFailure(outcome)) return run.failure('query', outcome);
    run.pass('query');
    return run.success(outcome.serverVersion, outcome.privileges);
  } catch (error) {
    // A channel the bastion refused or never opened says more than the driver's broken socket.
    const channel = tunnel?.failure(deadlineMs) ?? null;
    let failure =
      channel ??
      (error instanceof DeadlineError
        ? timeoutFailure(host, port, deadlineMs)
        : test.classify(error));
    // Connected (here or in the preflight), then silence: a wrong service, not a firewall.
    if (failure.errorCode === 'TIMEOUT' && !channel && (test.preflight || marks.connectedAt))
      failure = silentFailure(host, port, deadlineMs, DIALECTS[test.dbType].label);
    if (test.reconsider) failure = await test.reconsider(failure, ctx);
    const stage = failedStage(failure, marks, {
      opened: session !== undefined,
      preflight: test.preflight !== undefined,
      tls,
    });
    if (!connectShown && stage !== 'connect' && stage !== 'query' && marks.connectedAt)
      run.pass('connect', marks.connectedAt);
    if (stage === 'authenticate' && tls && marks.securedAt) run.pass('tls', marks.securedAt);
    return run.failure(stage, failure);
  }
}

/** The one place that says which stage a failure belongs to. */
function failedStage(
  failure: TestFailure,
  marks: StageMarks,
  at: { opened: boolean; preflight: boolean; tls: boolean },
): OpenStage {
  if (at.opened) return 'query';
  // Connect and TLS were the preflight's: what fails now is the SDK's login.
  if (at.preflight) return 'authenticate';
  if (failure.errorCode === 'TLS_FAILED' || failure.errorCode === 'TLS_REQUIRED') return 'tls';
  if (!marks.connectedAt) return 'connect';
  if (at.tls && !marks.securedAt) return 'tls';
  return 'authenticate';
}
