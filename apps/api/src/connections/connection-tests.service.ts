import { Inject, Injectable } from '@nestjs/common';
import {
  endpointChanges,
  type Connection,
  type EndpointShape,
  type TestConnectionRequest,
  type TestResult,
} from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { DomainError, fieldError, notFound } from '../common/domain-error';
import { EncryptionService } from '../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { toConnectionParams, type ConnectionTarget } from './connection-params';
import { ConnectionsRepository } from './connections.repository';
import {
  credentialOf,
  CredentialEndpointMismatch,
  openCredential,
  type Credential,
} from './credential';
import { IsolatedDrivers } from './drivers/isolation/isolated-drivers';
import { TestRun } from './drivers/test-run';
import { TestSlots } from './test-slots';

const UNREADABLE = Symbol('unreadable credential');
const MOVED = Symbol('credential of another endpoint');

const MOVED_CREDENTIAL: TestResult = new TestRun(0).failure('authenticate', {
  errorCode: 'AUTH_FAILED',
  message: 'The stored password was saved for another server, so Sluice did not send it',
  hint: 'Type the password again and save: a stored password is only sent to the host and port it was saved for.',
});

/** What a passing test leaves on the connection. */
export interface LastTest {
  lastTestedAt: Date;
  lastTestResult: boolean;
  lastTestMessage: string;
  serverVersion: string | null;
}

const UNREADABLE_CREDENTIAL: TestResult = new TestRun(0).failure('authenticate', {
  errorCode: 'DRIVER_ERROR',
  message: 'The stored password cannot be decrypted with the configured encryption key',
  hint: 'Enter the password again and save: it was encrypted with a key this server no longer has.',
});

@Injectable()
export class ConnectionTestsService {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly drivers: IsolatedDrivers,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly slots: TestSlots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Tests values that are not saved. With `connectionId` and no secret typed, the stored secret
   * is used, and only against the endpoint it was saved with: another host, port, type or
   * account needs the secret typed again, so a test cannot send it anywhere else.
   */
  async testUnsaved(body: TestConnectionRequest, actor: Actor): Promise<TestResult> {
    let credential: Credential | null = credentialOf(body);
    if (body.connectionId && body.password === undefined && body.privateKey === undefined) {
      const saved = await this.repository.findById(body.connectionId);
      if (!saved) throw notFound('Connection');
      const stored = await this.repository.findCredential(body.connectionId);
      if (stored) assertSameEndpoint(saved, body);
      const opened = this.open(stored ?? null, saved);
      if (opened === UNREADABLE) return UNREADABLE_CREDENTIAL;
      if (opened === MOVED) return MOVED_CREDENTIAL;
      credential = opened;
    }
    const result = await this.run(actor, toConnectionParams(body, credential));
    await this.record(actor, body.connectionId ?? null, body.dbType, false, result);
    return result;
  }

  /** Tests a saved connection and stores the outcome on it. */
  async testSaved(id: string, actor: Actor): Promise<TestResult> {
    const connection = await this.repository.findById(id);
    if (!connection) throw notFound('Connection');
    const stored = await this.repository.findCredential(id);
    const credential = this.open(stored ?? null, connection);
    const result =
      credential === UNREADABLE
        ? UNREADABLE_CREDENTIAL
        : credential === MOVED
          ? MOVED_CREDENTIAL
          : await this.run(actor, toConnectionParams(connection, credential));
    await this.repository.recordTest(id, {
      testedAt: new Date(),
      success: result.success,
      message: result.message,
      serverVersion: result.serverVersion,
    });
    await this.record(actor, id, connection.dbType, true, result);
    return result;
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
    const credential = this.open(sealed, target);
    const result =
      credential === UNREADABLE
        ? UNREADABLE_CREDENTIAL
        : credential === MOVED
          ? MOVED_CREDENTIAL
          : await this.run(actor, toConnectionParams(target, credential));
    await this.record(actor, id, target.dbType, false, result);
    if (!result.success) {
      throw new DomainError(
        'UNPROCESSABLE',
        `The connection test failed, so nothing was saved: ${result.message}`,
        { body: { testResult: result } },
      );
    }
    return {
      lastTestedAt: new Date(),
      lastTestResult: true,
      lastTestMessage: result.message,
      serverVersion: result.serverVersion,
    };
  }

  /** Every test goes through the bounded pool of test slots. */
  private run(actor: Actor, params: ReturnType<typeof toConnectionParams>): Promise<TestResult> {
    return this.slots.run(actor.userId ?? `ip:${actor.ip ?? 'unknown'}`, () =>
      this.drivers.test(params, this.config.connectionTestTimeoutMs),
    );
  }

  private open(
    payload: string | null,
    endpoint: EndpointShape,
  ): Credential | null | typeof UNREADABLE | typeof MOVED {
    if (!payload) return null;
    try {
      return openCredential(this.encryption, payload, endpoint);
    } catch (error) {
      if (error instanceof CredentialEndpointMismatch) return MOVED;
      return UNREADABLE;
    }
  }

  record(
    actor: Actor,
    id: string | null,
    dbType: Connection['dbType'],
    saved: boolean,
    result: TestResult,
  ) {
    return this.audit.record(actor, {
      action: 'connections:test',
      resourceType: 'connection',
      resourceId: id,
      details: {
        dbType,
        saved,
        success: result.success,
        errorCode: result.errorCode,
        latencyMs: result.latencyMs,
      },
    });
  }
}

/** 400 on the secret's field when a test would send a stored secret to another endpoint. */
export function assertSameEndpoint(saved: EndpointShape, target: EndpointShape): void {
  const changed = endpointChanges(saved, target);
  if (changed.length === 0) return;
  const field =
    saved.dbType === 'snowflake' && saved.options?.['authenticator'] === 'key_pair'
      ? 'privateKey'
      : 'password';
  throw fieldError(
    field,
    `must be typed again: the stored one is only sent to the server it was saved for, and ${changed.join(', ')} changed`,
  );
}
