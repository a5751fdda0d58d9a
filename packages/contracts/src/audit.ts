import { z } from 'zod';
import { envelope, pageOf, paginationQueryShape, timestampSchema } from './common';

export const auditEventSchema = z.object({
  id: z.guid(),
  actorUserId: z.guid().nullable(),
  actorEmail: z.string().nullable(),
  /** The actor's display name; null for the system or a deleted user. */
  actorName: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  /** The resource's name (as recorded, or its current one); null when it has none. */
  resourceName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: timestampSchema,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** A date-time the metadata database can compare with: years 1900 to 9999. */
const queryDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).refine(
  (v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 1900 && year <= 9999;
  },
  { message: 'must be a date-time between the years 1900 and 9999' },
);

export const auditQuerySchema = z
  .strictObject({
    ...paginationQueryShape,
    /** An action (`connections:create`), or a group of them (`connections`: every `connections:…`). */
    action: z.string().trim().min(1).max(100).optional(),
    resourceType: z.string().trim().min(1).max(100).optional(),
    resourceId: z.string().trim().min(1).max(100).optional(),
    actorUserId: z.guid('must be a UUID').optional(),
    from: queryDate.optional(),
    to: queryDate.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'must not be before from',
    path: ['to'],
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditListResponseSchema = envelope(pageOf(auditEventSchema));

/** The most events one CSV export holds (newest first); the filters narrow it. */
export const AUDIT_EXPORT_LIMIT = 10_000;
