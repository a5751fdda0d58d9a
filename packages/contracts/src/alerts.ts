import { z } from 'zod';
import { envelope, timestampSchema } from './common';

/** Where alerts go: a generic JSON webhook, a Slack incoming webhook, a Teams workflow webhook. */
export const NOTIFICATION_KINDS = ['webhook', 'slack', 'teams'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  webhook: 'Webhook (JSON)',
  slack: 'Slack incoming webhook',
  teams: 'Microsoft Teams webhook',
};

/** What an alert says happened. */
export const ALERT_EVENTS = [
  'connection.down',
  'connection.recovered',
  'sync.failed',
  'test',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

const urlSchema = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username;
      } catch {
        return false;
      }
    },
    { message: 'must be an http(s) URL without a user name' },
  );

const nameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');

export const createChannelSchema = z.strictObject({
  name: nameSchema,
  kind: z.enum(NOTIFICATION_KINDS, { message: 'must be webhook, slack or teams' }),
  /** A secret (it carries the webhook's token): encrypted, never returned. */
  url: urlSchema,
  enabled: z.boolean().optional(),
});
export type CreateChannelRequest = z.infer<typeof createChannelSchema>;

export const updateChannelSchema = z
  .strictObject({
    name: nameSchema.optional(),
    url: urlSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'must change at least one field',
  });
export type UpdateChannelRequest = z.infer<typeof updateChannelSchema>;

export const channelSchema = z.object({
  id: z.guid(),
  name: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** The URL's host only: the rest of a webhook URL is its secret. */
  target: z.string(),
  enabled: z.boolean(),
  createdAt: timestampSchema,
  lastDeliveryAt: timestampSchema.nullable(),
  lastDeliveryOk: z.boolean().nullable(),
  /** "HTTP 200", or why the last delivery failed. */
  lastDeliveryMessage: z.string().nullable(),
});
export type NotificationChannel = z.infer<typeof channelSchema>;

export const deliveryResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
});
export type DeliveryResult = z.infer<typeof deliveryResultSchema>;

export const channelResponseSchema = envelope(channelSchema);
export const channelListResponseSchema = envelope(z.array(channelSchema));
export const deliveryResultResponseSchema = envelope(deliveryResultSchema);
