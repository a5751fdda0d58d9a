import { z } from 'zod';

/** How often a connection's schema is read again on its own; or a 5-field cron expression. */
export const SYNC_SCHEDULE_PRESETS = ['off', 'hourly', 'daily', 'weekly'] as const;
export type SyncSchedulePreset = (typeof SYNC_SCHEDULE_PRESETS)[number];

export const SYNC_SCHEDULE_LABELS: Record<SyncSchedulePreset, string> = {
  off: 'Off (only on save or by hand)',
  hourly: 'Every hour',
  daily: 'Every day',
  weekly: 'Every week',
};

/** Five fields of cron characters (minute hour day-of-month month day-of-week). */
const CRON_SHAPE = /^\s*[\d*/,\-A-Za-z?LW#]+(\s+[\d*/,\-A-Za-z?LW#]+){4}\s*$/;

export const isSyncSchedulePreset = (v: string): v is SyncSchedulePreset =>
  (SYNC_SCHEDULE_PRESETS as readonly string[]).includes(v);

export const syncScheduleSchema = z
  .string()
  .trim()
  .max(100, 'must be at most 100 characters')
  .refine((v) => isSyncSchedulePreset(v) || CRON_SHAPE.test(v), {
    message: 'must be off, hourly, daily, weekly or a 5-field cron expression such as "0 3 * * *"',
  });
