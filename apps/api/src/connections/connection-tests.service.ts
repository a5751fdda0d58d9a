import { Inject, Injectable } from '@nestjs/common';
import { HealthRepository, type CheckRecord } from './health/health.repository';
import {
  sameBastion,
  type Connection,
  type EndpointShape,
  type TestConnectionRequest,
  type TestResponse,
  type TestResult,
} from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { disabledConnection, DomainError, fieldError, notFound } from '../common/domain-error';
import { EncryptionService } from '../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { toConnectionParams, type ConnectionTarget } from './connection-params';
import { ConnectionsRepository } from './connections.repository';
import {
  credentialOf,
  CredentialEndpointMismatch,
  MOVED_CREDENTIAL_FAILURE,
  openCredential,
  openStoredCredential,
  type Credential,
} from './credential';
import { IsolatedDrivers } from './drivers/isolation/isolated-drivers';
import { TestRun } from './drivers/core/test-run';
import type { StageListener } from './drivers/core/types';
import { TestReceipts, type TestedTarget } from './test-receipts';
import { TestSlots } from './test-slots';
import { AlertsService } from '../alerts/alerts.service';
import { SshHostKeysRepository } from './ssh-host-keys.repository';
import { sshSecretsOf, testedTunnel } from './ssh-tunnels';
import { assertSameEndpoint } from './credential-merge';

const MOVED_CREDENTIAL: TestResult = new TestRun(0).failure(
  'authenticate',
  MOVED_CREDENTIAL_FAILURE,
);

/** A test shown while it runs: its stages as they end, and its caller's going away. */
export interface LiveTest {
  onStage?: StageListener;
  signal?: AbortSignal;
}

/** What a test leaves on the connection: its outcome, and the server's version when it passed. */
export interface LastTest {
  lastTestedAt: Date;
  lastTestResult: boolean;
  lastTestMessage: string;
  lastTest: TestResult;
  serverVersion?: string | null;
}

export function lastTestOf(result: TestResult, testedAt = new Date()): LastTest {
  return {
    lastTestedAt: testedAt,
    lastTestResult: result.success,
    lastTestMessage: result.message,
    lastTest: result,
    ...(result.success && { serverVersion: result.serverVersion }),
  };
}

const UNREADABLE_CREDENTIAL: TestResult = new TestRun(0).failure('authenticate', {
  errorCode: 'DRIVER_ERROR',
  message: 'The stored password cannot be decrypted with the configured encryption key',
  hint: 'Enter the password again and save: it was encrypted with a key this server no longer has.',
});

/** The results of a stored credential that was not opened, so no server was tried. */
const UNOPENED: ReadonlySet<TestResult> = new Set([UNREADABLE_CREDENTIAL, MOVED_CREDENTIAL]);

@Injectable()
export class ConnectionTestsService {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly drivers: IsolatedDrivers,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly slots: TestSlots,
    private readonly receipts: TestReceipts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthRepository,
    private readonly hostKeys: SshHostKeysRepository,
    private readonly alerts: AlertsService,
  ) {}

  /**
   * Tests values that are not saved. With `connectionId` and no secret typed, the stored secret
   * is used, and only against the endpoint it was saved with: another host, port, type or
   * account needs the secret typed again, so a test cannot send it anywhere else.
   */
  async testUnsaved(
    request: TestConnectionRequest,
    actor: Actor,
    live: LiveTest = {},
  ): Promise<TestResponse> {
    let tested: { result: TestResult; credential: Credential | null };
    const saved = request.connectionId
      ? await this.repository.findById(request.connectionId)
      : null;
    if (request.connectionId && !saved) throw notFound('Connection');
    if (saved && !saved.isActive) throw disabledConnection(saved.name, 'test');
    // The saved connection's pinned host key holds while the bastion is the same.
    const body = { ...request, sshTunnel: testedTunnel(request.sshTunnel, saved) };
    const stored = saved ? ((await this.repository.findCredential(saved.id)) ?? null) : null;
    if (saved && body.password === undefined && body.privateKey === undefined) {
      if (stored) assertSameEndpoint(saved, body);
      tested = await this.runSealed(actor, body, stored, credentialOf(body), live);
      if (UNOPENED.has(tested.result)) return this.withReceipt(body, tested);
    } else {
      let credential = credentialOf(body);
      // Typed again for another server, the tunnel's secrets still follow to the same bastion.
      if (saved && stored && sameBastion(saved.sshTunnel, body.sshTunnel))
        credential = {
          ...sshSecretsOf(openStoredCredential(this.encryption, stored, saved) ?? {}),
          ...credential,
        };
      const params = toConnectionParams(body, credential);
      tested = { result: await this.run(actor, params, live), credential };
    }
    await this.record(actor, body.connectionId ?? null, body.dbType, false, tested.result);
    return this.withReceipt(body, tested);
  }

  /** The first passing test of a saved connection through a bastion pins the key it showed. */
  private async pin(connection: Connection, result: TestResult): Promise<void> {
    const tunnel = connection.sshTunnel;
    if (tunnel && !tunnel.hostKeyFingerprint && result.success && result.sshHostKey)
      await this.hostKeys.pinIfUnset(connection.id, tunnel, result.sshHostKey);
  }

  /** Tests a saved connection and stores the outcome on it. */
  async testSaved(id: string, actor: Actor): Promise<TestResponse> {
    const connection = await this.repository.findById(id);
    if (!connection) throw notFound('Connection');
    if (!connection.isActive) throw disabledConnection(connection.name, 'test');
    const stored = await this.repository.findCredential(id);
    const tested = await this.runSealed(actor, connection, stored ?? null);
    await this.repository.recordTest(id, lastTestOf(tested.result));
    await this.pin(connection, tested.result);
    await this.health.record(id, historyOf(tested.result, true));
    await this.alerts.afterCheck(id, tested.result);
    await this.record(actor, id, connection.dbType, true, tested.result);
    return this.withReceipt(connection, tested);
  }

  /**
   * The last test a save stores: the receipt's (the dialog's test of exactly these values),
   * with `target` and `sealed` the values and credential the save will store.
   */
  redeem(receipt: string, target: TestedTarget, sealed: string | null): LastTest {
    let credential: Credential | null = null;
    try {
      credential = sealed ? openCredential(this.encryption, sealed, target as EndpointShape) : null;
    } catch {
      throw fieldError('testReceipt', 'cannot be checked against the stored password');
    }
    const { result, testedAt } = this.receipts.redeem(receipt, target, credential);
    return lastTestOf(result, testedAt);
  }

  private withReceipt(
    target: TestedTarget,
    tested: { result: TestResult; credential: Credential | null },
  ): TestResponse {
    return {
      ...tested.result,
      receipt: this.receipts.issue(target, tested.credential, tested.result),
    };
  }

  /**
   * The test a save runs first when asked to (`?verify=true`) or by policy
   * (REQUIRE_PASSING_TEST): 422 with the result when it fails, else the last test to store.
   * `sealed` is the credential the save will store, already bound to `target`.
   */
  async verify(
    target: ConnectionTarget,
    sealed: string | null,
    actor: Actor,
    id: string | null,
  ): Promise<LastTest> {
    const { result } = await this.runSealed(actor, target, sealed);
    await this.record(actor, id, target.dbType, false, result);
    if (!result.success) {
      throw new DomainError(
        'UNPROCESSABLE',
        `The connection test failed, so nothing was saved: ${result.message}`,
        { body: { testResult: result } },
      );
    }
    return lastTestOf(result);
  }

  /** A test of parameters made elsewhere (the write credential's). */
  runParams(actor: Actor, params: ReturnType<typeof toConnectionParams>): Promise<TestResult> {
    return this.run(actor, params);
  }

  /** Every test goes through the bounded pool of test slots. */
  private run(
    actor: Actor,
    params: ReturnType<typeof toConnectionParams>,
    live: LiveTest = {},
  ): Promise<TestResult> {
    return this.slots.run(actor.userId ?? `ip:${actor.ip ?? 'unknown'}`, () =>
      this.drivers.test(params, this.config.connectionTestTimeoutMs, live),
    );
  }

  /**
   * Runs a test of `target` with a sealed credential, opened for that endpoint only; one that
   * cannot be opened (another key, another endpoint) is a failed test and no server is tried.
   */
  private async runSealed(
    actor: Actor | null,
    target: ConnectionTarget,
    sealed: string | null,
    typed: Credential = {},
    live: LiveTest = {},
  ): Promise<{ result: TestResult; credential: Credential | null }> {
    let credential: Credential | null = null;
    try {
      credential = sealed ? { ...openCredential(this.encryption, sealed, target), ...typed } : null;
    } catch (error) {
      const result =
        error instanceof CredentialEndpointMismatch ? MOVED_CREDENTIAL : UNREADABLE_CREDENTIAL;
      return { result, credential: null };
    }
    const params = toConnectionParams(target, credential);
    const result = actor
      ? await this.run(actor, params, live)
      : await this.drivers.test(params, this.config.connectionTestTimeoutMs);
    return { result, credential };
  }

  /**
   * A scheduled health check: the same test, outside people's test slots (the checker bounds
   * its own), recorded in the health history rather than the audit log; null when the
   * connection is gone or disabled.
   */
  async check(id: string): Promise<TestResult | null> {
    const connection = await this.repository.findById(id);
    if (!connection?.isActive) return null;
    const stored = await this.repository.findCredential(id);
    const { result } = await this.runSealed(null, connection, stored ?? null);
    await this.pin(connection, result);
    await this.health.record(id, historyOf(result, false));
    await this.alerts.afterCheck(id, result);
    return result;
  }

  record(
    actor: Actor,
    id: string | null,
    dbType: Connection['dbType'],
    saved: boolean,
    result: TestResult,
    credential: 'read' | 'write' = 'read',
  ) {
    return this.audit.record(actor, {
      action: 'connections:test',
      resourceType: 'connection',
      resourceId: id,
      details: {
        dbType,
        saved,
        ...(credential === 'write' && { credential }),
        success: result.success,
        errorCode: result.errorCode,
        latencyMs: result.latencyMs,
      },
    });
  }
}

/** A test as the health history keeps it. */
function historyOf(result: TestResult, manual: boolean): CheckRecord {
  return {
    success: result.success,
    errorCode: result.errorCode,
    latencyMs: result.latencyMs,
    serverVersion: result.serverVersion,
    message: result.success ? null : result.message,
    hint: result.success ? null : result.hint,
    manual,
  };
}
