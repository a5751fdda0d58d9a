import { Injectable } from '@nestjs/common';
import type { Connection, TestResult, WriteCredentialRequest } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { disabledConnection, notFound } from '../common/domain-error';
import { EncryptionService } from '../common/encryption.service';
import { ConnectionsRepository } from './connections.repository';
import { toConnectionParams } from './connection-params';
import {
  MOVED_CREDENTIAL_FAILURE,
  openCredential,
  sealCredential,
  type Credential,
} from './credential';
import { sshSecretsOf } from './ssh-tunnels';
import { ConnectionTestsService } from './connection-tests.service';
import { TestRun } from './drivers/core/test-run';
import type { ConnectionParams } from './drivers/core/types';

/** The write credential could not be opened for the connection's endpoint. */
export class WriteCredentialUnavailable extends Error {}

/**
 * A connection's second, write-enabled credential: set, replaced and removed only with
 * connections:govern, sealed like the first and bound to the same endpoint, never returned.
 * Only queries with allowWrite use it; tests of it are run on request and never stored.
 */
@Injectable()
export class WriteCredentialService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly tests: ConnectionTestsService,
  ) {}

  async set(id: string, body: WriteCredentialRequest, actor: Actor): Promise<Connection> {
    const connection = await this.connections.findById(id);
    if (!connection) throw notFound('Connection');
    const sealed = sealCredential(this.encryption, { password: body.writePassword }, connection);
    const updated = await this.connections.update(id, {
      writeUsername: body.writeUsername,
      encryptedWriteCredential: sealed,
    });
    if (!updated) throw notFound('Connection');
    await this.audit.record(actor, {
      action: 'connections:write_credential_set',
      resourceType: 'connection',
      resourceId: id,
      details: { name: connection.name, writeUsername: body.writeUsername },
    });
    return updated;
  }

  async remove(id: string, actor: Actor): Promise<Connection> {
    const connection = await this.connections.findById(id);
    if (!connection) throw notFound('Connection');
    const updated = await this.connections.update(id, {
      writeUsername: null,
      encryptedWriteCredential: null,
    });
    if (!updated) throw notFound('Connection');
    await this.audit.record(actor, {
      action: 'connections:write_credential_removed',
      resourceType: 'connection',
      resourceId: id,
      details: { name: connection.name },
    });
    return updated;
  }

  /** The connection's parameters with the write user and secret; null when it has none. */
  async paramsOf(connection: Connection): Promise<ConnectionParams | null> {
    const stored = await this.connections.findWriteCredential(connection.id);
    if (!stored?.sealed) return null;
    let password: string | undefined;
    let tunnel: Credential = {};
    try {
      password = openCredential(this.encryption, stored.sealed, connection).password;
      // The write user goes through the same bastion, signed in to with the connection's secrets.
      const read = connection.sshTunnel
        ? await this.connections.findCredential(connection.id)
        : null;
      if (read) tunnel = sshSecretsOf(openCredential(this.encryption, read, connection));
    } catch {
      throw new WriteCredentialUnavailable();
    }
    return {
      ...toConnectionParams(connection, { ...tunnel, password }),
      username: stored.writeUsername,
    };
  }

  /** Tests the write credential on its own, with its privilege report; nothing is stored. */
  async test(id: string, actor: Actor): Promise<TestResult> {
    const connection = await this.connections.findById(id);
    if (!connection) throw notFound('Connection');
    if (!connection.isActive) throw disabledConnection(connection.name, 'test');
    let params: ConnectionParams | null;
    try {
      params = await this.paramsOf(connection);
    } catch {
      return new TestRun(0).failure('authenticate', MOVED_CREDENTIAL_FAILURE);
    }
    const result = params
      ? await this.tests.runParams(actor, params)
      : new TestRun(0).failure('authenticate', {
          errorCode: 'AUTH_FAILED',
          message: `${connection.name} has no write credential`,
          hint: 'An admin sets one (user and password) before it can be tested.',
        });
    await this.tests.record(actor, id, connection.dbType, true, result, 'write');
    return result;
  }
}
