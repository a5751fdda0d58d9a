import { z } from 'zod';
import { envelope, pageOf, paginationQueryShape, timestampSchema } from './common';

export const auditEventSchema = z.object({
  id: z.guid(),
  actorUserId: z.guid().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
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
