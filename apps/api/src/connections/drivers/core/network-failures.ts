import { certificateFailure } from './tls';
import {
  BLOCKED_CODE,
  blockedFailure,
  REDIRECT_CODE,
  type NetworkPolicy,
} from '../../network/network-policy';
import type { TestFailure } from './types';
import { DeadlineError, type TestRun } from './test-run';
import { errorCodeOf } from './error-text';
import type { TestResult } from '@sluice/contracts';

const where = (host: string, port: number | null) => (port ? `${host}:${port}` : host);

/**
 * Failures of the network itself, the same for every driver: read from the socket's error that
 * an SDK wrapped (tedious, Snowflake's and Databricks' clients keep it as `cause`), else from
 * the error itself.
 */
export function networkFailure(
  error: unknown,
  host: string,
  port: number | null,
  deadlineMs: number,
): TestFailure | null {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return (
    (cause ? socketFailure(cause, host, port, deadlineMs) : null) ??
    socketFailure(error, host, port, deadlineMs)
  );
}

function socketFailure(
  error: unknown,
  host: string,
  port: number | null,
  deadlineMs: number,
): TestFailure | null {
  const certificate = certificateFailure(error, host);
  if (certificate) return certificate;
  const code = errorCodeOf(error);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return {
        errorCode: 'DNS_NOT_FOUND',
        message: `The host name ${host} could not be resolved`,
        hint: `Check the host: no DNS record was found for "${host}".`,
      };
    case 'ECONNREFUSED':
      return {
        errorCode: 'CONNECTION_REFUSED',
        message: `The connection to ${where(host, port)} was refused`,
        hint: `Check the port: nothing listens on ${where(host, port)}.`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        errorCode: 'CONNECTION_REFUSED',
        message: `There is no route to ${where(host, port)}`,
        hint: `Check the host: ${host} cannot be reached from the Sluice server (no route).`,
      };
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return timeoutFailure(host, port, deadlineMs);
    case BLOCKED_CODE: {
      const refused = error as { host?: string; address?: string };
      return blockedFailure(refused.host ?? host, refused.address ?? '');
    }
    case REDIRECT_CODE:
      return {
        errorCode: 'BLOCKED_BY_POLICY',
        message: `${where(host, port)} answered with a redirect to ${String((error as { location?: unknown }).location)}; Sluice does not follow redirects`,
        hint: `Check the host: give Sluice the address its clients should use, not one that redirects.`,
      };
    default:
      return null;
  }
}

export function timeoutFailure(host: string, port: number | null, deadlineMs: number): TestFailure {
  return {
    errorCode: 'TIMEOUT',
    message: `${where(host, port)} did not answer within ${Math.round(deadlineMs / 100) / 10} s`,
    hint: `Check the host and port, and that a firewall lets the Sluice server reach ${where(host, port)}.`,
  };
}

/**
 * A timeout after the TCP connection was accepted: no firewall is to blame, something answered
 * the connect and then nothing came back that the dialect understood.
 */
export function silentFailure(
  host: string,
  port: number | null,
  deadlineMs: number,
  label: string,
): TestFailure {
  const seconds = Math.round(deadlineMs / 100) / 10;
  return {
    errorCode: 'TIMEOUT',
    message: `${where(host, port)} accepted the connection but did not answer as ${label} would within ${seconds} s`,
    hint: `Check the port: ${where(host, port)} is reachable, but what listens there is not ${label}, or is too busy to answer.`,
  };
}

/** The resolve stage every networked driver starts with: an address, or the failed test. */
export async function resolveStage(
  run: TestRun,
  policy: NetworkPolicy,
  host: string,
  port: number,
  fallback: (error: unknown) => TestFailure,
): Promise<{ address: string } | { failed: TestResult }> {
  try {
    const resolution = await run.within('resolve', policy.resolve(host));
    if ('blocked' in resolution) return { failed: run.failure('resolve', resolution.blocked) };
    run.pass('resolve');
    return { address: resolution.address };
  } catch (error) {
    if (error instanceof DeadlineError)
      return { failed: run.failure('resolve', timeoutFailure(host, port, run.deadlineMs)) };
    return {
      failed: run.failure(
        'resolve',
        networkFailure(error, host, port, run.deadlineMs) ?? fallback(error),
      ),
    };
  }
}
