import { Injectable } from '@nestjs/common';
import type { AcceptHostKeyRequest, Connection } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { DomainError, notFound } from '../common/domain-error';
import { ConnectionsRepository } from './connections.repository';

/** A bastion's host key, accepted by a person who may change the connection. */
@Injectable()
export class SshHostKeysService {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Pins `fingerprint` as the bastion's key: after a mismatch, the new key a test showed. The
   * connection's last test is left as it is; the next test says whether the bastion now passes.
   */
  async accept(id: string, body: AcceptHostKeyRequest, actor: Actor): Promise<Connection> {
    const connection = await this.repository.findById(id);
    if (!connection) throw notFound('Connection');
    const tunnel = connection.sshTunnel;
    if (!tunnel)
      throw new DomainError('CONFLICT', `${connection.name} does not go through an SSH tunnel`);
    if (tunnel.hostKeyFingerprint === body.fingerprint) return connection;
    const updated = await this.repository.update(id, {
      sshTunnel: { ...tunnel, hostKeyFingerprint: body.fingerprint },
    });
    if (!updated) throw notFound('Connection');
    await this.audit.record(actor, {
      action: 'connections:accept_host_key',
      resourceType: 'connection',
      resourceId: id,
      details: {
        name: connection.name,
        bastion: `${tunnel.host}:${tunnel.port}`,
        previous: tunnel.hostKeyFingerprint,
        fingerprint: body.fingerprint,
      },
    });
    return updated;
  }
}
