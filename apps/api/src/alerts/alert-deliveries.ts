import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EncryptionService } from '../common/encryption.service';
import { JobQueue, type Job } from '../jobs/job-queue';
import { NetworkPolicy } from '../connections/network/network-policy';
import { checkedPost, CheckedPostError } from '../connections/network/checked-post';
import { AlertsRepository } from './alerts.repository';
import { bodyFor, type Alert } from './alert-messages';

export const ALERT_QUEUE = 'alert-delivery';
/** Tries after the first: with backoff from ALERT_RETRY_DELAY_SECONDS (30 s, 60 s, 120 s, …). */
const RETRIES = 5;
const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;

interface DeliveryJob {
  channelId: string;
  alert: Alert;
}

/** A delivery's outcome; `transient` failures (5xx, 429, unreachable) are worth another try. */
export interface Delivered {
  ok: boolean;
  message: string;
  transient: boolean;
}

/**
 * Sends alerts: one queued job per channel and alert, so a slow or failing channel delays no
 * other, and a failed try is retried with backoff by the queue (in every worker process).
 */
@Injectable()
export class AlertDeliveries implements OnApplicationBootstrap {
  private readonly logger = new Logger('Alerts');
  /** Where a channel's URL may point: the alerts service checks a new URL with it too. */
  readonly policy: NetworkPolicy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly repository: AlertsRepository,
    private readonly encryption: EncryptionService,
  ) {
    this.policy = new NetworkPolicy(config);
    queue.define(ALERT_QUEUE, {
      retryLimit: RETRIES,
      retryDelay: config.alerts.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 120,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.queue.work<DeliveryJob>(ALERT_QUEUE, (job) => this.run(job));
  }

  /** Queues `alert` for every enabled channel. */
  async enqueue(alert: Alert): Promise<void> {
    for (const channelId of await this.repository.enabledIds())
      await this.queue.send<DeliveryJob>(ALERT_QUEUE, { channelId, alert });
  }

  private async run(job: Job<DeliveryJob>): Promise<object> {
    const { channelId, alert } = job.data;
    const delivered = await this.deliver(channelId, alert);
    const attempt = job.retryCount + 1;
    if (!delivered.ok && delivered.transient && attempt <= RETRIES)
      throw new Error(`${delivered.message}: Sluice will try again`);
    return delivered;
  }

  /** One try, recorded on the channel and in the log (never with its URL). */
  async deliver(channelId: string, alert: Alert): Promise<Delivered> {
    const channel = await this.repository.sealed(channelId);
    if (!channel) return { ok: false, message: 'the channel was deleted', transient: false };
    const delivered = await this.post(
      channel.encryptedUrl,
      JSON.stringify(bodyFor(channel.kind, alert)),
    );
    await this.repository.recordDelivery(channelId, delivered.ok, delivered.message);
    const line = `Alert ${alert.event} to ${channel.name} (${channel.target}): ${delivered.message}`;
    if (delivered.ok) this.logger.log(line);
    else this.logger.warn(line);
    return delivered;
  }

  private async post(sealedUrl: string, body: string): Promise<Delivered> {
    const url = new URL(this.encryption.decrypt(sealedUrl));
    try {
      const { status } = await checkedPost(this.policy, url, body, {
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_ANSWER_BYTES,
      });
      const ok = status >= 200 && status < 300;
      return { ok, message: `HTTP ${status}`, transient: status === 429 || status >= 500 };
    } catch (error) {
      if (!(error instanceof CheckedPostError)) throw error;
      return { ok: false, message: error.reason, transient: error.kind !== 'blocked' };
    }
  }
}
