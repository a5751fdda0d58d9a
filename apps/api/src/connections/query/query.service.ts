import { Injectable } from '@nestjs/common';
import { QUERY_LIMITS, type QueryResult } from '@sluice/contracts';
import { AuditService } from '../../audit/audit.service';
import type { Actor, AuthUser } from '../../auth/auth-user';
import { disabledConnection, DomainError, notFound } from '../../common/domain-error';
import { EncryptionService } from '../../common/encryption.service';
import { toConnectionParams } from '../connection-params';
import { ConnectionsRepository } from '../connections.repository';
import {
  CredentialEndpointMismatch,
  MOVED_CREDENTIAL_FAILURE,
  openCredential,
  type Credential,
} from '../credential';
import { QueryError } from '../drivers/core/query';
import type { QueryFailure, QueryRowsJson } from '../drivers/core/types';
import { IsolatedDrivers } from '../drivers/isolation/isolated-drivers';
import { checkHiddenColumns, checkStatement } from './read-only-guards';
import type { HiddenColumn } from '../drivers/core/column-refs';
import type { Connection } from '@sluice/contracts';
import { WriteCredentialService, WriteCredentialUnavailable } from '../write-credential.service';
import type { ConnectionParams } from '../drivers/core/types';
import { QuerySlots } from './query-slots';
import { ConnectionEvents } from '../connection-events';
import { AnswerCache } from '../../common/answer-cache';
import { ChangeFeed } from '../../db/change-feed';

/** A query's answer, its rows already JSON (see `answerJson`). */
export type QueryOutcome = QueryRowsJson & { elapsedMs: number; auditId: string };

/** `{ data: QueryResult }` as JSON, the rows spliced in as the thread wrote them. */
export function answerJson({ rowsJson, ...rest }: QueryOutcome): string {
  const head: Omit<QueryResult, 'rows'> = rest;
  return `{"data":${JSON.stringify(head).slice(0, -1)},"rows":${rowsJson}}}`;
}

export interface QueryBody {
  sql: string;
  maxRows: number;
  timeoutMs: number;
  allowWrite?: boolean;
}

/** How an assistant's query differs: its hidden columns, its byte cap, its audit event. */
export interface QueryVia {
  hidden?: readonly HiddenColumn[];
  maxBytes?: number;
  audit?: { action: string; details: Record<string, unknown> };
}

const NO_WRITE_CREDENTIAL: QueryFailure = {
  errorCode: 'WRITE_CREDENTIAL_MISSING',
  message: 'This connection has no write credential, so Sluice cannot run a write on it',
  hint: 'An admin sets one on the connection (a user allowed to write); read queries need none.',
};

const UNREADABLE: QueryFailure = {
  errorCode: 'DRIVER_ERROR',
  message: 'The stored password cannot be decrypted with the configured encryption key',
  hint: 'Enter the password again and save: it was encrypted with a key this server no longer has.',
};

/** 422 with the machine code, the sentence, and where in the SQL when known. */
function refused(failure: QueryFailure): DomainError {
  return new DomainError('UNPROCESSABLE', failure.message, {
    body: {
      code: failure.errorCode,
      ...(failure.hint && { hint: failure.hint }),
      ...(failure.position !== undefined && { position: failure.position }),
    },
  });
}

/** A connection and its sealed credential, kept until the table changes in any process. */
interface Target {
  connection: Connection;
  sealed: string | null;
}
const TARGET_CACHE = { tables: ['data_connections'], maxEntries: 1000, ttlMs: 60_000 };

/**
 * The one query engine: the REST API, the console and MCP run every statement through here. Its
 * layers: the read-only credential, the dialect's parser, the engine's read-only session with a
 * server-side timeout, and the row and byte caps; every call is audited, never a row.
 */
@Injectable()
export class QueryService {
  private readonly targets: AnswerCache<Target | null>;

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly drivers: IsolatedDrivers,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly slots: QuerySlots,
    private readonly writeCredential: WriteCredentialService,
    events: ConnectionEvents,
    changes: ChangeFeed,
  ) {
    this.targets = new AnswerCache(changes, TARGET_CACHE);
    // Sessions kept for a connection end with its target, its credential or its life.
    const evict = ({ connectionId }: { connectionId: string }) =>
      this.drivers.evictSessions(connectionId);
    events.on('target-changed', evict);
    events.on('disabled', evict);
    events.on('deleted', evict);
  }

  /** Runs one statement; `signal` aborts when the caller goes away, and cancels it on the server. */
  async run(
    id: string,
    body: QueryBody,
    user: AuthUser,
    actor: Actor,
    signal?: AbortSignal,
    via: QueryVia = {},
  ): Promise<QueryOutcome> {
    const target = await this.targets.get(id, async () => {
      const [found, sealed] = await Promise.all([
        this.connections.findById(id),
        this.connections.findCredential(id),
      ]);
      return found ? { connection: found, sealed: sealed ?? null } : null;
    });
    if (!target) throw notFound('Connection');
    const { connection } = target;
    if (!connection.isActive) throw disabledConnection(connection.name, 'query');
    const write = body.allowWrite === true;
    if (write && !user.permissions.includes('connections:query_write')) {
      throw new DomainError(
        'FORBIDDEN',
        user.token && !user.token.scopes.includes('connections:query_write')
          ? 'This API token lacks the scope connections:query_write'
          : 'A write through the write credential needs the permission connections:query_write',
      );
    }
    const started = performance.now();
    const record = (details: Record<string, unknown>) =>
      this.audit.recordWithId(actor, {
        action: via.audit?.action ?? (write ? 'connections:query_write' : 'connections:query'),
        resourceType: 'connection',
        resourceId: id,
        details: {
          ...via.audit?.details,
          sql: body.sql,
          maxRows: body.maxRows,
          elapsedMs: Math.round(performance.now() - started),
          ...details,
        },
      });
    const fail = async (failure: QueryFailure): Promise<never> => {
      await record({ outcome: failure.errorCode, rowCount: 0, truncated: false });
      throw refused(failure);
    };

    const refusal =
      (await checkStatement(connection.dbType, body.sql, write)) ??
      (await checkHiddenColumns(connection.dbType, body.sql, via.hidden ?? []));
    if (refusal)
      return fail({
        errorCode: refusal.code,
        message: refusal.message,
        position: refusal.position,
      });
    const params = await this.paramsFor(connection, write, target.sealed);
    if ('errorCode' in params) return fail(params);
    const { sql, maxRows, timeoutMs } = body;
    const job = {
      sql,
      maxRows,
      timeoutMs,
      write,
      maxBytes: via.maxBytes ?? QUERY_LIMITS.responseBytes,
    };
    try {
      const rows = await this.slots.run(user.id, () =>
        this.drivers.runQuery(id, params, job, signal),
      );
      const elapsedMs = Math.round(performance.now() - started);
      const { rowCount, truncated, affectedRows } = rows;
      const auditId = await record({ outcome: 'ok', rowCount, truncated, elapsedMs, affectedRows });
      return { ...rows, elapsedMs, auditId };
    } catch (error) {
      if (error instanceof QueryError) return fail(error.failure);
      throw error;
    }
  }

  /** The read-only credential's parameters, or the write one's; a failure when unavailable. */
  private async paramsFor(
    connection: Connection,
    write: boolean,
    sealed: string | null,
  ): Promise<ConnectionParams | QueryFailure> {
    if (write) {
      try {
        return (await this.writeCredential.paramsOf(connection)) ?? NO_WRITE_CREDENTIAL;
      } catch (error) {
        if (error instanceof WriteCredentialUnavailable) return MOVED_CREDENTIAL_FAILURE;
        throw error;
      }
    }
    let credential: Credential | null = null;
    try {
      credential = sealed ? openCredential(this.encryption, sealed, connection) : null;
    } catch (error) {
      return error instanceof CredentialEndpointMismatch ? MOVED_CREDENTIAL_FAILURE : UNREADABLE;
    }
    return toConnectionParams(connection, credential);
  }
}
