import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { EncryptionService } from '../../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DATABASE_POOL } from '../../db/database';
import { toConnectionParams } from '../connection-params';
import { ConnectionsRepository } from '../connections.repository';
import type { Connection } from '@sluice/contracts';
import {
  CredentialEndpointMismatch,
  MOVED_CREDENTIAL_FAILURE,
  openCredential,
  type Credential,
} from '../credential';
import { IsolatedDrivers } from '../drivers/isolation/isolated-drivers';
import { IntrospectionError } from '../drivers/core/introspection';
import { CatalogWriter, SyncCancelledError } from './catalog-writer';
import {
  SCHEMA_SYNC_QUEUE,
  SchemaSyncQueue,
  type SchemaSyncData,
  type SchemaSyncJob,
  type SchemaSyncOutput,
} from './schema-sync.queue';
import { SchemaSyncStatus } from './schema-sync.status';

/** The session lock a run holds for its whole life: two runs of one connection never overlap. */
export const RUN_LOCK_SQL = (fn: string) =>
  `select ${fn}(hashtext('sluice.schema-sync'), hashtext($1)) as locked`;

/** Runs schema syncs: read the target through its driver, then replace the catalog at once. */
@Injectable()
export class SchemaSyncWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SchemaSync');
  private stopping = false;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: SchemaSyncQueue,
    private readonly repository: ConnectionsRepository,
    private readonly drivers: IsolatedDrivers,
    private readonly encryption: EncryptionService,
    private readonly writer: CatalogWriter,
    private readonly status: SchemaSyncStatus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.queue.start();
    for (let i = 0; i < this.config.schemaSync.concurrency; i++) {
      await this.queue.boss.work<SchemaSyncData>(
        SCHEMA_SYNC_QUEUE,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
        async ([job]) => (job ? this.run(job) : undefined),
      );
    }
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  /** One attempt of one sync. Throws only to ask pg-boss for a retry. */
  async run(job: SchemaSyncJob): Promise<SchemaSyncOutput> {
    const { connectionId } = job.data;
    const lock = await this.pool.connect();
    try {
      await lock.query(RUN_LOCK_SQL('pg_advisory_lock'), [connectionId]);
      if (await this.isCancelled(job.id)) return { message: 'cancelled before it started' };
      return await this.attempt(job);
    } finally {
      await lock.query(RUN_LOCK_SQL('pg_advisory_unlock'), [connectionId]).catch(() => undefined);
      lock.release();
    }
  }

  private async attempt(job: SchemaSyncJob): Promise<SchemaSyncOutput> {
    const { connectionId } = job.data;
    const connection = await this.repository.findById(connectionId);
    if (!connection) return { message: 'the connection was deleted' };
    const attempt = job.retryCount + 1;
    const maxAttempts = job.retryLimit + 1;
    const started = performance.now();
    await this.status.set(job.id, connectionId, 'ingesting', null, { done: 0, total: null });
    try {
      const credential = await this.repository.findCredential(connectionId);
      const objects = await this.drivers.introspect(
        toConnectionParams(connection, credential ? this.open(credential, connection) : null),
        {
          timeoutMs: this.config.schemaSync.timeoutMs,
          onObjectsListed: (total) =>
            void this.pool
              .query('update data_connections set schema_tables_total = $2 where id = $1', [
                connectionId,
                total,
              ])
              .catch(() => undefined),
        },
      );
      await this.pool.query(
        'update data_connections set schema_tables_total = $2, schema_tables_done = 0 where id = $1',
        [connectionId, objects.length],
      );
      const result = await this.writer.replace(connectionId, objects, {
        jobId: job.id,
        onProgress: async (done) => {
          await this.pool.query(
            'update data_connections set schema_tables_done = $2 where id = $1',
            [connectionId, done],
          );
        },
        isCancelled: async () => this.stopping || (await this.isCancelled(job.id)),
      });
      const durationMs = Math.round(performance.now() - started);
      await this.status.recordAttempt(connectionId, {
        jobId: job.id,
        outcome: 'ready',
        attempt,
        tables: result.tables,
        columns: result.columns,
        durationMs,
        changes: result.diff?.counts ?? null,
      });
      this.logger.log(
        `Schema of ${connectionId}: ${result.tables} tables, ${result.columns} columns in ${durationMs} ms`,
      );
      return {};
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      if (error instanceof SyncCancelledError || (await this.isCancelled(job.id))) {
        await this.status.recordAttempt(connectionId, {
          jobId: job.id,
          outcome: 'cancelled',
          attempt,
          durationMs,
        });
        if (this.stopping) throw new Error('Sluice stopped during the sync');
        return { message: 'cancelled' };
      }
      const known = error instanceof IntrospectionError;
      const message = known
        ? error.failure.message
        : 'Sluice could not read or store this schema; the server log has the details';
      if (!known) this.logger.error(`Schema sync ${job.id} failed: ${String(error)}`);
      const retry = (!known || error.transient) && attempt < maxAttempts;
      await this.status.recordAttempt(connectionId, {
        jobId: job.id,
        outcome: retry ? 'retrying' : 'failed',
        attempt,
        durationMs,
        errorCode: known ? error.failure.errorCode : null,
      });
      if (retry) {
        await this.status.set(
          job.id,
          connectionId,
          'queued',
          `Attempt ${attempt} of ${maxAttempts} failed: ${message}. Sluice will try again.`,
          null,
        );
        throw new Error(message);
      }
      await this.status.set(job.id, connectionId, 'failed', message, null, true);
      return { failed: true, message };
    }
  }

  /** The stored credential, for the endpoint it was saved with only. */
  private open(payload: string, connection: Connection): Credential {
    try {
      return openCredential(this.encryption, payload, connection);
    } catch (error) {
      if (!(error instanceof CredentialEndpointMismatch)) throw error;
      throw new IntrospectionError(MOVED_CREDENTIAL_FAILURE, false);
    }
  }

  private async isCancelled(jobId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ state: string }>(
      'select state from pgboss.job where id = $1',
      [jobId],
    );
    return rows[0]?.state === 'cancelled';
  }
}
