import { createHash } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import { isSyncSchedulePreset } from '@sluice/contracts';
import { fieldError } from '../common/domain-error';

/**
 * A stable number in [0, n) for a connection: its place in the period, so that a thousand
 * daily connections spread over the day (and checks over their interval) instead of all at once.
 */
export function spreadOf(connectionId: string, n: number): number {
  return createHash('sha256').update(connectionId).digest().readUInt32BE(0) % n;
}

/** The cron expression a schedule stands for; null when it is off. */
export function cronOf(schedule: string, connectionId: string): string | null {
  if (!isSyncSchedulePreset(schedule)) return schedule;
  const minuteOfWeek = spreadOf(connectionId, 7 * 24 * 60);
  const minute = minuteOfWeek % 60;
  const hour = Math.floor(minuteOfWeek / 60) % 24;
  const day = Math.floor(minuteOfWeek / (24 * 60));
  switch (schedule) {
    case 'off':
      return null;
    case 'hourly':
      return `${minute} * * * *`;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      return `${minute} ${hour} * * ${day}`;
  }
}

/** When a sync is next due after `from`, in the instance's time zone; null when off. */
export function nextSyncAfter(
  schedule: string,
  connectionId: string,
  from: Date,
  timeZone: string,
): Date | null {
  const cron = cronOf(schedule, connectionId);
  if (!cron) return null;
  try {
    return CronExpressionParser.parse(cron, { currentDate: from, tz: timeZone }).next().toDate();
  } catch {
    throw fieldError(
      'syncSchedule',
      `is not a cron expression Sluice can read ("${schedule}"): five fields, e.g. "0 3 * * *"`,
    );
  }
}

/** The next sync of a connection as saved: none when it is disabled. */
export function nextSyncOf(schedule: string, id: string, active: boolean, timeZone: string) {
  const next = nextSyncAfter(schedule, id, new Date(), timeZone);
  return active ? next : null;
}

/**
 * What an update changes in the schedules: the next sync when the schedule or the enabled
 * state changed, and the next health check left for the checker to place afresh.
 */
export function scheduleChanges(
  changed: string[],
  body: { syncSchedule?: string; isActive?: boolean },
  current: { syncSchedule: string; isActive: boolean; id: string },
  timeZone: string,
): { nextSyncAt?: Date | null; nextCheckAt?: null } {
  const active = body.isActive ?? current.isActive;
  const schedule = body.syncSchedule ?? current.syncSchedule;
  return {
    ...((changed.includes('syncSchedule') || changed.includes('isActive')) && {
      nextSyncAt: nextSyncOf(schedule, current.id, active, timeZone),
    }),
    ...((changed.includes('healthCheckInterval') || changed.includes('isActive')) && {
      nextCheckAt: null,
    }),
  };
}
