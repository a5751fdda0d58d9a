import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Sliding-window count of failed logins per account and per address (in this process). */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;
  private readonly maxPerAccount: number;
  private readonly maxPerAddress: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.windowMs = config.loginThrottle.windowSeconds * 1000;
    this.maxPerAccount = config.loginThrottle.maxFailures;
    this.maxPerAddress = config.loginThrottle.maxFailures * 4;
  }

  /** Seconds to wait before trying again, or 0 when allowed. */
  retryAfter(email: string, ip: string): number {
    const now = Date.now();
    return Math.max(
      this.waitFor(`account:${email}`, this.maxPerAccount, now),
      this.waitFor(`address:${ip}`, this.maxPerAddress, now),
    );
  }

  recordFailure(email: string, ip: string): void {
    const now = Date.now();
    for (const key of [`account:${email}`, `address:${ip}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  recordSuccess(email: string): void {
    this.failures.delete(`account:${email}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  private waitFor(key: string, max: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < max) return 0;
    const oldestThatCounts = recent[recent.length - max]!;
    return Math.max(1, Math.ceil((oldestThatCounts + this.windowMs - now) / 1000));
  }
}
