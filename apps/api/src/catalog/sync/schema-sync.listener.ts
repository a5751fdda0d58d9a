import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConnectionEvents } from '../../connections/connection-events';
import { SchemaSyncService } from './schema-sync.service';

/** A connection created or pointed elsewhere is synced; a deleted one's syncs are cancelled. */
@Injectable()
export class SchemaSyncListener implements OnModuleInit {
  constructor(
    private readonly events: ConnectionEvents,
    private readonly syncs: SchemaSyncService,
  ) {}

  onModuleInit(): void {
    this.events.on('target-changed', async ({ connectionId, actor, reason, active }) => {
      // A disabled connection keeps the catalog it has: it is synced once enabled again.
      if (active) await this.syncs.enqueue(connectionId, actor, reason);
    });
    this.events.on('disabled', ({ connectionId }) =>
      this.syncs.stopFor(connectionId, 'Not synced: the connection is disabled'),
    );
    this.events.on('deleted', ({ connectionId }) => this.syncs.cancelAllOf(connectionId));
  }
}
