import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, type Notification, type Pool } from 'pg';
import { DATABASE_POOL } from './database';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** The channel migration 0007's triggers announce committed changes on, with the table's name. */
export const CHANGES_CHANNEL = 'sluice_changes';

const RETRY_MS = 1_000;
/** How long the feed waits for its own probe before it concludes notifications do not arrive. */
const PROBE_MS = 2_000;
/** When they do not (a proxy in between), how long before it tries again. */
const DEAF_RETRY_MS = 60_000;

/** What a cache of database answers needs: whether it may keep answers, and when to drop them. */
export interface ChangeSource {
  readonly live: boolean;
  subscribe(tables: readonly string[], drop: () => void): void;
}

/**
 * One connection per process LISTENing on `sluice_changes`: a change committed by any Sluice
 * process (an API, a worker, `rotate-keys`) drops what this one keeps of that table. While the
 * connection is down, `live` is false and caches answer straight from the database; a lost
 * connection drops everything and is opened again a second later.
 */
@Injectable()
export class ChangeFeed implements ChangeSource, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscribers: { tables: ReadonlySet<string>; drop: () => void }[] = [];
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = true;
  private isLive = false;
  private lostSince: number | undefined;
  private readonly logger = new Logger('ChangeFeed');

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'role'>,
  ) {}

  get live(): boolean {
    return this.isLive;
  }

  subscribe(tables: readonly string[], drop: () => void): void {
    this.subscribers.push({ tables: new Set(tables), drop });
  }

  /** A write of this process: drops at once what the notification would drop a moment later. */
  changed(table: string): void {
    for (const subscriber of this.subscribers) if (subscriber.tables.has(table)) subscriber.drop();
  }

  async onApplicationBootstrap(): Promise<void> {
    // A worker-only process answers no request: it has nothing to keep, so it does not listen.
    if (this.config.role === 'worker') return;
    this.stopped = false;
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.lose(client);
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ ...this.pool.options, keepAlive: true });
    client.on('notification', (message: Notification) => {
      if (message.channel === CHANGES_CHANNEL && message.payload) this.changed(message.payload);
    });
    client.on('error', () => this.lose(client, true));
    client.on('end', () => this.lose(client, true));
    let heard = false;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      heard = await this.hearsItself(client);
    } catch {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.again();
      return;
    }
    if (!heard) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.logger.warn(
        'Change notifications sent on the database do not arrive, so nothing is kept in memory: ' +
          'DATABASE_URL must reach PostgreSQL directly or through a session-pooling proxy',
      );
      this.again(DEAF_RETRY_MS);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.isLive = true;
    if (this.lostSince !== undefined) {
      this.logger.log(`Listening again after ${Date.now() - this.lostSince} ms`);
      this.lostSince = undefined;
    }
    // Anything loaded before the feed listened may predate a change it missed.
    this.dropAll();
  }

  private lose(client: Client | undefined, reconnect = false): void {
    if (!client || this.client !== client) return;
    this.client = undefined;
    this.isLive = false;
    this.dropAll();
    if (reconnect) {
      this.lostSince = Date.now();
      this.logger.warn(
        'Lost the change feed: lists and sessions are read from the database until it is back',
      );
      this.again();
    }
  }

  /**
   * Sends a probe through the pool, as another process would, and waits for it on the feed: a
   * transaction-pooling proxy accepts LISTEN but never delivers, and must not turn caching on.
   */
  private async hearsItself(client: Client): Promise<boolean> {
    const probe = `probe:${randomUUID()}`;
    let hear: (heard: boolean) => void = () => undefined;
    const heard = new Promise<boolean>((resolve) => (hear = resolve));
    const onNotification = (message: Notification) => {
      if (message.channel === CHANGES_CHANNEL && message.payload === probe) hear(true);
    };
    const timer = setTimeout(() => hear(false), PROBE_MS);
    client.on('notification', onNotification);
    try {
      await this.pool.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, probe]);
      return await heard;
    } finally {
      clearTimeout(timer);
      client.off('notification', onNotification);
    }
  }

  private again(delayMs = RETRY_MS): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), delayMs);
    this.retry.unref();
  }

  private dropAll(): void {
    for (const subscriber of this.subscribers) subscriber.drop();
  }
}
