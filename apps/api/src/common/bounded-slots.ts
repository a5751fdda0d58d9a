import { DomainError } from './domain-error';

/**
 * A bounded pool of work: at most `total` at once, a slot freed by one handed to the oldest
 * waiting one, and at most `perUser` running or waiting for one user, so that one person's
 * hanging work can neither fill the pool nor starve the others (429 beyond it).
 */
export class BoundedSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly limits: () => { total: number; perUser: number },
    /** What a person reads when their own share is full, e.g. "connection tests". */
    private readonly noun: string,
  ) {}

  /** Runs `work` in a slot; `who` is the user (or the address of a caller without one). */
  async run<T>(who: string, work: () => Promise<T>): Promise<T> {
    const { total, perUser } = this.limits();
    const mine = this.perUser.get(who) ?? 0;
    if (mine >= perUser) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `${perUser} of your ${this.noun} are already running: wait for one to finish`,
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
