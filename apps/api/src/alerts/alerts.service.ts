import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateChannelRequest,
  DeliveryResult,
  NotificationChannel,
  TestResult,
  UpdateChannelRequest,
} from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth-user';
import { fieldError, notFound } from '../common/domain-error';
import { EncryptionService } from '../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AlertDeliveries } from './alert-deliveries';
import { AlertsRepository, type AlertedConnection } from './alerts.repository';
import type { Alert } from './alert-messages';

/** A failure as an alert tells it. */
export interface AlertFailure {
  errorCode: string | null;
  message: string;
  hint: string | null;
}

/**
 * Notification channels (admins only) and the alerts themselves: a connection that goes down after
 * ALERT_AFTER_FAILURES failed checks, its recovery, and a schema sync that failed for good. One
 * alert per change of state, however many processes check.
 */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AlertsRepository,
    private readonly deliveries: AlertDeliveries,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<NotificationChannel[]> {
    return this.repository.list();
  }

  async create(body: CreateChannelRequest, actor: Actor): Promise<NotificationChannel> {
    const sealed = await this.sealUrl(body.url);
    const channel = await this.repository.insert({
      name: body.name,
      kind: body.kind,
      enabled: body.enabled ?? true,
      createdByUserId: actor.userId,
      ...sealed,
    });
    await this.audited(actor, 'alerts:channel_create', channel);
    return channel;
  }

  async update(id: string, body: UpdateChannelRequest, actor: Actor): Promise<NotificationChannel> {
    const sealed = body.url !== undefined ? await this.sealUrl(body.url) : {};
    const channel = await this.repository.update(id, {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
      ...sealed,
    });
    if (!channel) throw notFound('Notification channel');
    const changedFields = Object.keys(body).filter(
      (k) => body[k as keyof typeof body] !== undefined,
    );
    await this.audited(actor, 'alerts:channel_update', channel, { changedFields });
    return channel;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    const channel = await this.repository.delete(id);
    if (!channel) throw notFound('Notification channel');
    await this.audited(actor, 'alerts:channel_delete', channel);
  }

  /** "Send test": one try now, its outcome answered (and kept as the last delivery). */
  async sendTest(id: string, actor: Actor): Promise<DeliveryResult> {
    const channel = await this.repository.find(id);
    if (!channel) throw notFound('Notification channel');
    const delivered = await this.deliveries.deliver(id, {
      event: 'test',
      connection: null,
      errorCode: null,
      message: 'A test alert from Sluice: this channel works.',
      hint: null,
      url: `${this.config.alerts.publicUrl}/alerts`,
      at: new Date().toISOString(),
    });
    await this.audited(actor, 'alerts:channel_test', channel, { ok: delivered.ok });
    return { ok: delivered.ok, message: delivered.message };
  }

  /** After a check or a test of a saved connection: down after N failures, or recovered. */
  async afterCheck(connectionId: string, result: TestResult): Promise<void> {
    const changed = result.success
      ? await this.repository.markUp(connectionId)
      : await this.repository.markDown(connectionId, this.config.alerts.afterFailures);
    if (!changed) return;
    await this.deliveries.enqueue(
      this.alertOf(result.success ? 'connection.recovered' : 'connection.down', changed, {
        errorCode: result.errorCode,
        message: result.message,
        hint: result.hint,
      }),
    );
  }

  /** A schema sync that failed for good (its retries spent): one alert. */
  async syncFailed(connectionId: string, failure: AlertFailure): Promise<void> {
    const connection = await this.repository.connection(connectionId);
    if (connection) await this.deliveries.enqueue(this.alertOf('sync.failed', connection, failure));
  }

  private alertOf(
    event: Alert['event'],
    connection: AlertedConnection,
    failure: AlertFailure,
  ): Alert {
    return {
      event,
      connection,
      ...failure,
      url: `${this.config.alerts.publicUrl}/connections?search=${encodeURIComponent(connection.name)}`,
      at: new Date().toISOString(),
    };
  }

  /** The URL sealed, after the network policy let its host through: a 400 on `url` otherwise. */
  private async sealUrl(text: string): Promise<{ encryptedUrl: string; target: string }> {
    const url = new URL(text);
    const resolution = await this.deliveries.policy.resolve(url.hostname).catch(() => null);
    if (!resolution) throw fieldError('url', `has a host (${url.hostname}) that does not resolve`);
    if ('blocked' in resolution)
      throw fieldError(
        'url',
        `has a host (${url.host}) this server's network policy does not allow`,
      );
    return { encryptedUrl: this.encryption.encrypt(url.toString()), target: url.host };
  }

  private audited(
    actor: Actor,
    action: string,
    channel: NotificationChannel,
    details: Record<string, unknown> = {},
  ) {
    return this.audit.record(actor, {
      action,
      resourceType: 'notification_channel',
      resourceId: channel.id,
      details: { name: channel.name, kind: channel.kind, target: channel.target, ...details },
    });
  }
}
