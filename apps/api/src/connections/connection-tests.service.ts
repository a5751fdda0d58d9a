import { Inject, Injectable } from '@nestjs/common';
import type { Connection, TestConnectionRequest, TestResult } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { notFound } from '../common/domain-error';
import { EncryptionService } from '../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { toConnectionParams } from './connection-params';
import { ConnectionsRepository } from './connections.repository';
import { credentialOf, openCredential, type Credential } from './credential';
import { DriverRegistry } from './drivers/driver-registry';
import { TestRun } from './drivers/test-run';
import { TestSlots } from './test-slots';

const UNREADABLE = Symbol('unreadable credential');

const UNREADABLE_CREDENTIAL: TestResult = new TestRun(0).failure('authenticate', {
  errorCode: 'DRIVER_ERROR',
  message: 'The stored password cannot be decrypted with the configured encryption key',
  hint: 'Enter the password again and save: it was encrypted with a key this server no longer has.',
});

@Injectable()
export class ConnectionTestsService {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly drivers: DriverRegistry,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly slots: TestSlots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Tests values that are not saved; with `connectionId` and no password, the stored password is used. */
  async testUnsaved(body: TestConnectionRequest, actor: Actor): Promise<TestResult> {
    let credential: Credential | null = credentialOf(body);
    if (body.connectionId && body.password === undefined && body.privateKey === undefined) {
      const stored = await this.repository.findCredential(body.connectionId);
      if (stored === undefined) throw notFound('Connection');
      const opened = this.open(stored);
      if (opened === UNREADABLE) return UNREADABLE_CREDENTIAL;
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
    const credential = this.open(stored ?? null);
    const result =
      credential === UNREADABLE
        ? UNREADABLE_CREDENTIAL
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

  /** The test a create runs first when asked to verify. */
  testBeforeSave(body: TestConnectionRequest, actor: Actor): Promise<TestResult> {
    return this.run(actor, toConnectionParams(body, credentialOf(body)));
  }

  /** Every test goes through the bounded pool of test slots. */
  private run(actor: Actor, params: ReturnType<typeof toConnectionParams>): Promise<TestResult> {
    return this.slots.run(actor.userId ?? `ip:${actor.ip ?? 'unknown'}`, () =>
      this.drivers.test(params, this.config.connectionTestTimeoutMs),
    );
  }

  private open(payload: string | null): Credential | null | typeof UNREADABLE {
    if (!payload) return null;
    try {
      return openCredential(this.encryption, payload);
    } catch {
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
