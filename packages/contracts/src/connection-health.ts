import { z } from 'zod';
import { envelope, timestampSchema } from './common';
import { ERROR_CODES } from './test-results';

/** How often Sluice checks that a connection still answers. */
export const HEALTH_CHECK_INTERVALS = ['off', '5m', '15m', '1h'] as const;
export type HealthCheckInterval = (typeof HEALTH_CHECK_INTERVALS)[number];
export const HEALTH_CHECK_SECONDS: Record<Exclude<HealthCheckInterval, 'off'>, number> = {
  '5m': 300,
  '15m': 900,
  '1h': 3600,
};
export const HEALTH_CHECK_LABELS: Record<HealthCheckInterval, string> = {
  off: 'Off',
  '5m': 'Every 5 minutes',
  '15m': 'Every 15 minutes',
  '1h': 'Every hour',
};

export const healthIntervalInput = z.enum(HEALTH_CHECK_INTERVALS, {
  message: 'must be off, 5m, 15m or 1h',
});

/** Up; down (the last check failed); degraded (slower than 3× its median); unknown (no check yet). */
export const HEALTH_STATES = ['up', 'down', 'degraded', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** A connection's health fields, as the API shows them. */
export const connectionHealthShape = {
  healthCheckInterval: z.enum(HEALTH_CHECK_INTERVALS),
  healthState: z.enum(HEALTH_STATES),
  healthCheckedAt: timestampSchema.nullable(),
  nextCheckAt: timestampSchema.nullable(),
};

export const healthCheckSchema = z.object({
  checkedAt: timestampSchema,
  success: z.boolean(),
  errorCode: z.enum(ERROR_CODES).nullable(),
  latencyMs: z.number().int(),
  serverVersion: z.string().nullable(),
  /** A failure's message and hint, as the test gave them. */
  message: z.string().nullable(),
  hint: z.string().nullable(),
  /** A person's test, not a scheduled check. */
  manual: z.boolean(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const healthSummarySchema = z.object({
  checks: z.number().int(),
  uptimePercent: z.number().nullable(),
  p50LatencyMs: z.number().int().nullable(),
  p95LatencyMs: z.number().int().nullable(),
  lastFailure: z
    .object({ checkedAt: timestampSchema, errorCode: z.enum(ERROR_CODES).nullable() })
    .nullable(),
});

export const healthHistorySchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  summary: healthSummarySchema,
  /** Newest first, at most 2,000. */
  checks: z.array(healthCheckSchema),
});
export type HealthHistory = z.infer<typeof healthHistorySchema>;
export const healthHistoryResponseSchema = envelope(healthHistorySchema);

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export const healthHistoryQuerySchema = z
  .strictObject({ from: instant.optional(), to: instant.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'must not be before from',
    path: ['to'],
  });
export type HealthHistoryQuery = z.infer<typeof healthHistoryQuerySchema>;

/** One hour of a connection's checks, for the list's 24-hour sparkline. */
export const healthHourSchema = z.object({
  hour: timestampSchema,
  checks: z.number().int(),
  failures: z.number().int(),
  p50LatencyMs: z.number().int().nullable(),
});
export type HealthHour = z.infer<typeof healthHourSchema>;
export const healthRecentResponseSchema = envelope(z.record(z.string(), z.array(healthHourSchema)));
export const healthRecentQuerySchema = z.strictObject({
  ids: z
    .string({ message: 'is required: connection ids, comma-separated' })
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(
      z
        .array(z.guid('must hold connection ids (UUIDs)'))
        .min(1, 'must name at least one connection')
        .max(100, 'must name at most 100 connections'),
    ),
});
