import { createHash } from 'node:crypto';
import type { ConnectionParams, QuerySessions } from './types';

interface Idle {
  session: unknown;
  close: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Open target sessions kept between queries, each for `idleMs` at most, by a key that holds the
 * connection's id and a hash of everything it connects with: an edited host, user or password
 * never gets an old session. A session is only given back after its transaction rolled back.
 */
export class SessionPool {
  private readonly idle = new Map<string, Idle[]>();

  constructor(
    private readonly idleMs: number,
    private readonly maxIdlePerKey = 4,
  ) {}

  /** `connectionId:` and a digest of the parameters (secrets included, never stored as such). */
  static keyOf(connectionId: string, params: ConnectionParams): string {
    const digest = createHash('sha256').update(JSON.stringify(params)).digest('base64url');
    return `${connectionId}:${digest}`;
  }

  /** The pool as one connection's driver sees it. */
  bind(key: string): QuerySessions {
    return { take: () => this.take(key), give: (session, close) => this.give(key, session, close) };
  }

  /** The most recently used idle session of `key`, now taken out of the pool. */
  take(key: string): unknown {
    const list = this.idle.get(key);
    const entry = list?.pop();
    if (list && list.length === 0) this.idle.delete(key);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    return entry.session;
  }

  /** Keeps a clean session for the next query of `key`, closed after `idleMs` unused. */
  give(key: string, session: unknown, close: () => void): void {
    const list = this.idle.get(key) ?? [];
    if (this.idleMs <= 0 || list.length >= this.maxIdlePerKey) {
      close();
      return;
    }
    const entry: Idle = {
      session,
      close,
      timer: setTimeout(() => {
        const at = list.indexOf(entry);
        if (at >= 0) list.splice(at, 1);
        if (list.length === 0 && this.idle.get(key) === list) this.idle.delete(key);
        close();
      }, this.idleMs),
    };
    list.push(entry);
    this.idle.set(key, list);
  }

  /** Closes every idle session of a connection (it changed, was disabled or deleted). */
  evict(connectionId: string): void {
    for (const [key, list] of this.idle) {
      if (!key.startsWith(`${connectionId}:`)) continue;
      this.idle.delete(key);
      for (const entry of list) {
        clearTimeout(entry.timer);
        entry.close();
      }
    }
  }
}
