import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config';

/**
 * Work a worker process does in rounds, every SCHEDULER_INTERVAL_SECONDS, when schedules are
 * enabled: the scheduled syncs and the health checks. A process's rounds never overlap (`tick`
 * returns the one running), and shutdown waits for the round in progress.
 */
export abstract class RecurringRound implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  protected constructor(private readonly settings: AppConfig) {}

  /** One round's work; how many things it did. */
  protected abstract round(now: number): Promise<number>;

  onApplicationBootstrap(): void {
    if (this.settings.role === 'api' || !this.settings.schedules.enabled) return;
    this.timer = setInterval(
      () => void this.tick(),
      this.settings.schedules.intervalSeconds * 1000,
    );
    this.timer.unref();
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  tick(now = Date.now()): Promise<number> {
    return (this.running ??= this.round(now).finally(() => (this.running = undefined)));
  }
}
