import { z } from 'zod';
import { paginationQueryShape } from './common';
import { DB_TYPES } from './dialects';

export const CONNECTION_SORT_FIELDS = ['name', 'dbType', 'createdAt', 'lastTestedAt'] as const;
/** The list's Status filter: by the last test, by the health checks (down), and disabled. */
export const CONNECTION_STATUSES = [
  'connected',
  'failing',
  'down',
  'untested',
  'disabled',
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const connectionListQuerySchema = z.strictObject({
  ...paginationQueryShape,
  /** Matches name, description, host and database name (case-insensitive substring). */
  search: z.string().trim().max(200).optional(),
  dbType: z.enum(DB_TYPES).optional(),
  status: z
    .enum(CONNECTION_STATUSES, { message: `must be one of ${CONNECTION_STATUSES.join(', ')}` })
    .optional(),
  sortBy: z.enum(CONNECTION_SORT_FIELDS).default('createdAt'),
  sortOrder: z.enum(['asc', 'desc']).default('desc'),
});
export type ConnectionListQuery = z.infer<typeof connectionListQuerySchema>;

export const createConnectionQuerySchema = z.strictObject({
  verify: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
});
