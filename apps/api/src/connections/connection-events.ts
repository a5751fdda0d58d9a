import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/auth-user';

/** What other features hear of a connection: its target changed (or it was created), or it went. */
export interface ConnectionEventMap {
  /** Also when a disabled connection is enabled again: its catalog may be behind. */
  'target-changed': {
    connectionId: string;
    actor: Actor;
    reason: 'created' | 'changed';
    /** Whether the connection is enabled: a disabled one is not synced. */
    active: boolean;
  };
  /** Disabled: its queued or running work stops; its catalog stays. */
  disabled: { connectionId: string; actor: Actor };
  deleted: { connectionId: string; actor: Actor };
}

type Listener<K extends keyof ConnectionEventMap> = (
  event: ConnectionEventMap[K],
) => Promise<void> | void;

/**
 * In-process events from the connections feature to the features that follow it (the schema
 * catalog): connections never calls their services. `emit` waits for every listener, in the
 * order they subscribed, so a response sent after it already shows their effect.
 */
@Injectable()
export class ConnectionEvents {
  private readonly listeners: { [K in keyof ConnectionEventMap]: Listener<K>[] } = {
    'target-changed': [],
    disabled: [],
    deleted: [],
  };

  on<K extends keyof ConnectionEventMap>(name: K, listener: Listener<K>): void {
    this.listeners[name].push(listener);
  }

  async emit<K extends keyof ConnectionEventMap>(
    name: K,
    event: ConnectionEventMap[K],
  ): Promise<void> {
    for (const listener of this.listeners[name]) await listener(event);
  }
}
