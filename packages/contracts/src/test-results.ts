import { z } from 'zod';
import { envelope } from './common';

export const ERROR_CODES = [
  'DNS_NOT_FOUND',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'TLS_REQUIRED',
  'TLS_FAILED',
  'AUTH_FAILED',
  'DATABASE_NOT_FOUND',
  'PERMISSION_DENIED',
  'BLOCKED_BY_POLICY',
  'INSECURE_AUTH',
  'PROTOCOL_ERROR',
  'RESPONSE_TOO_LARGE',
  'DRIVER_ERROR',
  'SSH_CONNECTION_REFUSED',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_MISMATCH',
  'SSH_FORWARD_REFUSED',
  /** The caller went away (the dialog's Cancel): the test was ended, and every socket it opened. */
  'CANCELLED',
] as const;
export type TestErrorCode = (typeof ERROR_CODES)[number];
/** In order; the two SSH stages only through a tunnel, where `connect` is the bastion's channel. */
export const STAGE_NAMES = [
  'resolve',
  'ssh_connect',
  'ssh_authenticate',
  'connect',
  'tls',
  'authenticate',
  'query',
] as const;

export const testStageSchema = z.object({
  name: z.enum(STAGE_NAMES),
  ok: z.boolean(),
  ms: z.number().int(),
});
export const privilegesSchema = z.object({
  canWrite: z.boolean(),
  superuser: z.boolean(),
  notes: z.array(z.string()),
});

export const testResultSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  latencyMs: z.number().int(),
  errorCode: z.enum(ERROR_CODES).nullable(),
  hint: z.string().nullable(),
  serverVersion: z.string().nullable(),
  stages: z.array(testStageSchema),
  privileges: privilegesSchema.nullable(),
  /**
   * Through an SSH tunnel: the bastion's host key fingerprint as `ssh-keygen -lf` prints it
   * (`SHA256:…`), the one seen even when it did not match the pinned one.
   */
  sshHostKey: z.string().nullable().optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;
export type TestStage = z.infer<typeof testStageSchema>;

/** A test's answer: the result, and a receipt that lets a save store it as the last test. */
/** The receipt is absent for a test of the write credential, which no save stores. */
export const testResponseSchema = testResultSchema.extend({ receipt: z.string().optional() });
export type TestResponse = z.infer<typeof testResponseSchema>;
export const testResultResponseSchema = envelope(testResponseSchema);

/**
 * A test streamed as it runs (`Accept: application/x-ndjson`): one JSON line per stage as it
 * ends, then a last line with the whole answer, as the plain request would give it.
 */
export const testStreamLineSchema = z.union([
  z.strictObject({ stage: testStageSchema }),
  z.strictObject({ data: testResponseSchema }),
]);
export type TestStreamLine = z.infer<typeof testStreamLineSchema>;
export const TEST_STREAM_TYPE = 'application/x-ndjson';
