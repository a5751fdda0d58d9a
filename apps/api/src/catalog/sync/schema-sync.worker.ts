import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EncryptionService } from '../../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { toConnectionParams } from '../../connections/connection-params';
import { ConnectionsRepository } from '../../connections/connections.repository';
import type { Connection } from '@sluice/contracts';
import {
  CredentialEndpointMismatch,
  MOVED_CREDENTIAL_FAILURE,
  openCredential,
  type Credential,
} from '../../connections/credential';
import { IsolatedDrivers } from '../../connections/drivers/isolation/isolated-drivers';
import { IntrospectionError } from '../../connections/drivers/core/introspection';
import {
  CatalogWriteRepository,
  SyncCancelledError,
  type WriteResult,
} from '../catalog-write.repository';
import { SchemaSyncQueue, type SchemaSyncJob, type SchemaSyncOutput } from './schema-sync.queue';
import { SchemaSyncRepository } from './schema-sync.repository';
import { SchemaSyncStatus } from './schema-sync.status';
import { CatalogIndexer } from '../index/catalog-indexer';
import { AlertsService } from '../../alerts/alerts.service';

/** Runs schema syncs: read the target through its driver, then replace the catalog at once. */
@Injectable()
export class SchemaSyncWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SchemaSync');
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: SchemaSyncQueue,
    private readonly repository: ConnectionsRepository,
    private readonly drivers: IsolatedDrivers,
    private readonly encryption: EncryptionService,
    private readonly writer: CatalogWriteRepository,
    private readonly status: SchemaSyncStatus,
    private readonly syncs: SchemaSyncRepository,
    private readonly indexer: CatalogIndexer,
    private readonly alerts: AlertsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.queue.start();
    for (let i = 0; i < this.config.schemaSync.concurrency; i++) {
      await this.queue.work((job) => this.run(job));
    }
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  /** One attempt of one sync. Throws only to ask pg-boss for a retry. */
  async run(job: SchemaSyncJob): Promise<SchemaSyncOutput> {
    return this.syncs.withRunLock(job.data.connectionId, async () => {
      if (await this.queue.isCancelled(job.id)) return { message: 'cancelled before it started' };
      return this.attempt(job);
    });
  }

  private async attempt(job: SchemaSyncJob): Promise<SchemaSyncOutput> {
    const { connectionId } = job.data;
    const connection = await this.repository.findById(connectionId);
    if (!connection) return { message: 'the connection was deleted' };
    if (!connection.isActive) {
      // Disabled after the sync was queued: nothing is read, and the catalog stays as it was.
      await this.syncs.setStatus(
        job.id,
        connectionId,
        'failed',
        'The connection is disabled',
        null,
        true,
      );
      return { message: 'the connection is disabled' };
    }
    const attempt = job.retryCount + 1;
    const maxAttempts = job.retryLimit + 1;
    const started = performance.now();
    await this.syncs.setStatus(job.id, connectionId, 'ingesting', null, { done: 0, total: null });
    try {
      const credential = await this.repository.findCredential(connectionId);
      const params = toConnectionParams(
        connection,
        credential ? this.open(credential, connection) : null,
      );
      // The catalog is written as it is read, batch by batch, in one transaction: committed
      // once the whole read succeeded, rolled back on any failure or a cancel.
      const write = await this.writer.open(connectionId, {
        jobId: job.id,
        onProgress: (done) => this.syncs.setProgress(connectionId, { done }),
        isCancelled: async () => this.stopping || (await this.queue.isCancelled(job.id)),
      });
      let result: WriteResult;
      try {
        await this.drivers.introspect(params, {
          timeoutMs: this.config.schemaSync.timeoutMs,
          onObjectsListed: (total) =>
            void this.syncs.setProgress(connectionId, { total }).catch(() => undefined),
          onBatch: (objects) => write.add(objects),
        });
        result = await write.finish();
      } catch (error) {
        await write.abort();
        throw error;
      }
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
      // Search's words and vectors, as a job of their own: the sync is done.
      await this.indexer.enqueue(connectionId);
      return {};
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      if (error instanceof SyncCancelledError || (await this.queue.isCancelled(job.id))) {
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
        await this.syncs.setStatus(
          job.id,
          connectionId,
          'queued',
          `Attempt ${attempt} of ${maxAttempts} failed: ${message}. Sluice will try again.`,
          null,
        );
        throw new Error(message);
      }
      // Queued before the status says failed: whoever reads "failed" finds the job ending, too.
      await this.alerts.syncFailed(connectionId, {
        errorCode: known ? error.failure.errorCode : null,
        message,
        hint: known ? error.failure.hint : null,
      });
      await this.syncs.setStatus(job.id, connectionId, 'failed', message, null, true);
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
}
