import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The bounded pool connection tests run through: at most `total` at once, a slot freed by one
 * test handed to the oldest waiting one, and at most `perUser` running or waiting for one user,
 * so that one person's hanging tests can neither fill the pool nor starve the others.
 */
@Injectable()
export class TestSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly perUser = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Runs `work` in a slot; `who` is the user (or the address of a caller without one). */
  async run<T>(who: string, work: () => Promise<T>): Promise<T> {
    const { total, perUser } = this.config.connectionTestConcurrency;
    const mine = this.perUser.get(who) ?? 0;
    if (mine >= perUser) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `${perUser} of your connection tests are already running: wait for one to finish`,
        { retryAfterSeconds: 1 },
      );
    }
    this.perUser.set(who, mine + 1);
    try {
      if (this.running >= total) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running += 1;
      try {
        return await work();
      } finally {
        const next = this.waiting.shift();
        if (next) next();
        else this.running -= 1;
      }
    } finally {
      const left = (this.perUser.get(who) ?? 1) - 1;
      if (left === 0) this.perUser.delete(who);
      else this.perUser.set(who, left);
    }
  }
}
