import type { Connection } from '@sluice/contracts';

/** A connection as the database answers it: timestamps as dates. */
export type ConnectionRow = Omit<
  Connection,
  | 'schemaIngestedAt'
  | 'nextSyncAt'
  | 'healthCheckedAt'
  | 'nextCheckAt'
  | 'lastTestedAt'
  | 'createdAt'
  | 'updatedAt'
> & {
  nextSyncAt: Date | null;
  healthCheckedAt: Date | null;
  nextCheckAt: Date | null;
  schemaIngestedAt: Date | null;
  lastTestedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The API's form of a row: timestamps as ISO 8601. */
export function toConnection(row: ConnectionRow): Connection {
  return {
    ...row,
    options: row.options ?? {},
    schemaIngestedAt: row.schemaIngestedAt?.toISOString() ?? null,
    nextSyncAt: row.nextSyncAt?.toISOString() ?? null,
    healthCheckedAt: row.healthCheckedAt?.toISOString() ?? null,
    nextCheckAt: row.nextCheckAt?.toISOString() ?? null,
    lastTestedAt: row.lastTestedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
