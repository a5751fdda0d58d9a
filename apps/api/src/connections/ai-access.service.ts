import { Injectable } from '@nestjs/common';
import type { AiAccessRequest, Connection } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { DomainError, notFound } from '../common/domain-error';
import { ConnectionsRepository } from './connections.repository';

/**
 * The admin's switch of what assistants may do with a connection through MCP. Allowing queries
 * on a credential the last test found able to write needs an explicit acknowledgement.
 */
@Injectable()
export class AiAccessService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly audit: AuditService,
  ) {}

  async set(id: string, body: AiAccessRequest, actor: Actor): Promise<Connection> {
    const connection = await this.connections.findById(id);
    if (!connection) throw notFound('Connection');
    // Unknown is treated as able to write: no test has reported the credential's privileges.
    const privileges = connection.lastTest?.privileges ?? null;
    const writeCapable = !privileges || privileges.canWrite || privileges.superuser;
    if (body.aiAccess === 'query' && writeCapable && body.acknowledgeWriteCapable !== true) {
      const why = privileges
        ? `The last test found that ${connection.name}'s credential can write`
        : `No test has reported what ${connection.name}'s credential may do (it may be able to write)`;
      throw new DomainError(
        'UNPROCESSABLE',
        `${why}: only Sluice's layers would stand between an assistant and a change. Send "acknowledgeWriteCapable": true to allow queries anyway, or give the connection a read-only user`,
        {
          errors: [
            { path: 'acknowledgeWriteCapable', message: 'must be true: the credential may write' },
          ],
        },
      );
    }
    if (connection.aiAccess === body.aiAccess) return connection;
    const updated = await this.connections.update(id, { aiAccess: body.aiAccess });
    if (!updated) throw notFound('Connection');
    await this.audit.record(actor, {
      action: 'connections:ai_access_set',
      resourceType: 'connection',
      resourceId: id,
      details: {
        name: connection.name,
        from: connection.aiAccess,
        to: body.aiAccess,
        ...(body.aiAccess === 'query' && writeCapable && { acknowledgedWriteCapable: true }),
      },
    });
    return updated;
  }
}
