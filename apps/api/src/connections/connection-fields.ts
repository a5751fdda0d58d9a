import type { ConnectionValues } from './connections.repository';

/** The fields an update may change, and what a change of target resets. */
export const EDITABLE_FIELDS = [
  'name',
  'description',
  'dbType',
  'host',
  'port',
  'databaseName',
  'username',
  'useSsl',
  'options',
  'purpose',
  'syncSchedule',
  'healthCheckInterval',
  'isActive',
  'connectionMode',
] as const;

export const NEVER_TESTED: Partial<ConnectionValues> = {
  lastTestedAt: null,
  lastTestResult: null,
  lastTestMessage: null,
  lastTest: null,
  serverVersion: null,
};

export const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
