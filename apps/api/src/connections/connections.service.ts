import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { nextSyncOf, scheduleChanges } from './sync-schedule';
import {
  CONNECTION_TARGET_FIELDS,
  connectionListResponseSchema,
  connectionShapeIssues,
  endpointChanges,
  ConnectionStringError,
  expandConnectionString,
  parseConnectionString,
  type ParseConnectionRequest,
  type ParsedConnectionFields,
  type Connection,
  type ConnectionListQuery,
  type CreateConnectionRequest,
  type UpdateConnectionRequest,
} from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { DomainError, fieldError, notFound } from '../common/domain-error';
import { EncryptionService } from '../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AnswerCache } from '../common/answer-cache';
import { ChangeFeed } from '../db/change-feed';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectionsRepository, type ConnectionValues } from './connections.repository';
import { credentialOf, hasSshSecret, sealCredential, SECRET_FIELDS } from './credential';
import { assertSecretsFollow, mergedCredential } from './credential-merge';
import { pinnedBy, storedTunnel, tunnelChange } from './ssh-tunnels';
import { ConnectionEvents } from './connection-events';
import { EDITABLE_FIELDS, NEVER_TESTED, same } from './connection-fields';

/** About 200 pages of at most 100 rows: a few megabytes at worst. */
const LIST_CACHE = { tables: ['data_connections'], maxEntries: 200, ttlMs: 10_000 };

@Injectable()
export class ConnectionsService {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly tests: ConnectionTestsService,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly events: ConnectionEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    changes: ChangeFeed,
  ) {
    this.lists = new AnswerCache(changes, LIST_CACHE);
  }

  /**
   * Every reader sees the same list, so its response bodies are kept, checked against the
   * response schema and serialized once, until a connection changes anywhere.
   */
  private readonly lists: AnswerCache<string>;

  /** `GET /api/connections`'s JSON body. */
  listResponse(query: ConnectionListQuery): Promise<string> {
    // Every parameter is part of the key: a filter added later cannot be served another's page.
    const key = JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));
    return this.lists.get(key, async () =>
      JSON.stringify(
        connectionListResponseSchema.parse({ data: await this.repository.list(query) }),
      ),
    );
  }

  /** The connection of this name, if one has it (names are not unique: the first). */
  findByName(name: string): Promise<Connection | null> {
    return this.repository.findByName(name);
  }

  async get(id: string): Promise<Connection> {
    const connection = await this.repository.findById(id);
    if (!connection) throw notFound('Connection');
    return connection;
  }

  async create(body: CreateConnectionRequest, actor: Actor, verify: boolean): Promise<Connection> {
    const encryptedCredential = sealCredential(this.encryption, body, body);
    const tested: Partial<ConnectionValues> =
      verify || this.config.requirePassingTest
        ? await this.tests.verify(body, encryptedCredential, actor, null)
        : body.testReceipt
          ? this.tests.redeem(body.testReceipt, body, encryptedCredential)
          : {};
    // The id is chosen here: a connection's place in its schedule's period follows from it.
    const id = randomUUID();
    const syncSchedule = body.syncSchedule ?? 'daily';
    const nextSyncAt = nextSyncOf(
      syncSchedule,
      id,
      body.isActive ?? true,
      this.config.schedules.timeZone,
    );
    const connection = await this.repository.insert({
      id,
      syncSchedule,
      nextSyncAt,
      healthCheckInterval: body.healthCheckInterval ?? '15m',
      name: body.name,
      description: body.description ?? null,
      dbType: body.dbType,
      host: body.host ?? null,
      port: body.port ?? null,
      databaseName: body.databaseName || null,
      username: body.username || null,
      encryptedCredential,
      sshTunnel: body.sshTunnel ? pinnedBy(storedTunnel(body.sshTunnel), tested.lastTest) : null,
      hasSshCredential: hasSshSecret(credentialOf(body)),
      useSsl: body.useSsl ?? false,
      options: body.options ?? {},
      purpose: body.purpose ?? null,
      isActive: body.isActive ?? true,
      connectionMode: body.connectionMode ?? 'guided',
      createdByUserId: actor.userId,
      ...tested,
    });
    await this.audit.record(actor, {
      action: 'connections:create',
      resourceType: 'connection',
      resourceId: connection.id,
      details: {
        name: connection.name,
        dbType: connection.dbType,
        verified: verify || this.config.requirePassingTest,
      },
    });
    await this.events.emit('target-changed', {
      connectionId: connection.id,
      actor,
      reason: 'created',
      active: connection.isActive,
    });
    return (await this.repository.findById(connection.id)) ?? connection;
  }

  /** Partial update; `expectedVersion` from If-Match makes a stale edit fail with 412. */
  async update(
    id: string,
    request: UpdateConnectionRequest,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Connection> {
    const current = await this.get(id);
    const body = this.expand(request, current);
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw stale(current.version);
    const changes: Partial<ConnectionValues> = {};
    const changed: string[] = [];
    for (const field of EDITABLE_FIELDS) {
      if (body[field] !== undefined && !same(body[field], current[field])) {
        Object.assign(changes, { [field]: body[field] });
        changed.push(field);
      }
    }
    const tunnel = tunnelChange(body.sshTunnel, current.sshTunnel);
    if (tunnel !== undefined) {
      changes.sshTunnel = tunnel;
      changed.push('sshTunnel');
    }
    const merged = {
      ...current,
      ...body,
      host: body.host !== undefined ? body.host : current.host,
      sshTunnel: tunnel !== undefined ? tunnel : current.sshTunnel,
    };
    const issues = connectionShapeIssues(merged, request.connectionString !== undefined);
    if (issues.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Invalid ${issues.map((i) => i.path.join('.')).join(', ')}`,
        {
          errors: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      );
    }
    const secretChanges = SECRET_FIELDS.filter(
      (f) => body[f] !== undefined && (body[f] !== '' || current.hasCredential),
    );
    const moved = endpointChanges(current, merged).length > 0;
    const stored =
      current.hasCredential && (moved || secretChanges.length > 0)
        ? ((await this.repository.findCredential(id)) ?? null)
        : null;
    // A stored secret never follows the connection to another server: it must be typed again.
    if (moved) assertSecretsFollow(this.encryption, stored, body, current, merged);
    if (secretChanges.length > 0 || (moved && current.hasCredential)) {
      const credential = mergedCredential(this.encryption, stored, body, current, merged, moved);
      changes.encryptedCredential = credential.sealed;
      changes.hasSshCredential = credential.hasSshCredential;
      changed.push(...secretChanges);
    }
    if (changed.length === 0 && !body.testReceipt) return current;
    Object.assign(changes, scheduleChanges(changed, body, current, this.config.schedules.timeZone));
    const newTarget = changed.some((f) =>
      (CONNECTION_TARGET_FIELDS as readonly string[]).includes(f),
    );
    const sealed = async () =>
      changes.encryptedCredential !== undefined
        ? changes.encryptedCredential
        : ((await this.repository.findCredential(id)) ?? null);
    if (newTarget && this.config.requirePassingTest) {
      // The policy holds for edits too: the values as they will be saved must pass first.
      Object.assign(changes, await this.tests.verify(merged, await sealed(), actor, id));
    } else if (body.testReceipt) {
      // The dialog's test of exactly these values is their last test.
      Object.assign(changes, this.tests.redeem(body.testReceipt, merged, await sealed()));
    } else if (newTarget) {
      // A different target: the last test no longer says anything about it.
      Object.assign(changes, NEVER_TESTED);
    }
    // The first passing test through a bastion pins its host key.
    const pinned = pinnedBy(merged.sshTunnel, changes.lastTest);
    if (pinned !== merged.sshTunnel) changes.sshTunnel = pinned;
    const updated = await this.repository.update(id, changes, expectedVersion);
    if (!updated) throw stale((await this.get(id)).version);
    const audited = { resourceType: 'connection', resourceId: id } as const;
    await this.audit.record(actor, {
      action: 'connections:update',
      ...audited,
      details: { name: updated.name, changedFields: changed },
    });
    if (changed.includes('isActive')) {
      const action = updated.isActive ? 'connections:enable' : 'connections:disable';
      await this.audit.record(actor, { action, ...audited, details: { name: updated.name } });
      if (!updated.isActive) {
        await this.events.emit('disabled', { connectionId: id, actor });
        return (await this.repository.findById(id)) ?? updated;
      }
    }
    // A different target, other credentials or other schema patterns: another schema to read.
    const enabled = changed.includes('isActive') && updated.isActive;
    if (newTarget || enabled) {
      await this.events.emit('target-changed', {
        connectionId: id,
        actor,
        reason: 'changed',
        active: updated.isActive,
      });
      return (await this.repository.findById(id)) ?? updated;
    }
    return updated;
  }

  /** The guided fields of a pasted string, for the form: never the password, only whether it had one. */
  parse(request: ParseConnectionRequest): ParsedConnectionFields {
    try {
      const parsed = parseConnectionString(request.dbType, request.connectionString);
      return {
        host: parsed.host ?? null,
        port: parsed.port ?? null,
        databaseName: parsed.databaseName ?? null,
        username: parsed.username ?? null,
        useSsl: parsed.useSsl ?? null,
        options: parsed.options ?? {},
        hasPassword: parsed.password !== undefined,
      };
    } catch (error) {
      throw fieldError(
        'connectionString',
        error instanceof ConnectionStringError ? error.message : 'could not be read',
      );
    }
  }

  /** An update given as a connection string: its fields, on the connection's type unless the body changes it. */
  private expand(body: UpdateConnectionRequest, current: Connection): UpdateConnectionRequest {
    if (body.connectionString === undefined) return body;
    const expanded = expandConnectionString({ ...body, dbType: body.dbType ?? current.dbType });
    if ('error' in expanded) throw fieldError('connectionString', expanded.error.message);
    return expanded.value;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    const deleted = await this.repository.delete(id);
    if (!deleted) throw notFound('Connection');
    await this.events.emit('deleted', { connectionId: id, actor });
    await this.audit.record(actor, {
      action: 'connections:delete',
      resourceType: 'connection',
      resourceId: id,
      details: { name: deleted.name, dbType: deleted.dbType },
    });
  }
}

function stale(currentVersion: number): DomainError {
  return new DomainError(
    'PRECONDITION_FAILED',
    'Someone else changed this connection since you loaded it: reload it and apply your change again',
    { body: { currentVersion } },
  );
}
