import type { TestResult, TestStage } from '@sluice/contracts';
import type { TestFailure } from './driver.interface';

type StageName = TestStage['name'];

export class DeadlineError extends Error {
  constructor(readonly stage: StageName) {
    super('deadline');
  }
}

/** Records the stages of one test against one overall deadline. */
export class TestRun {
  private readonly stages: TestStage[] = [];
  private readonly started = performance.now();
  private mark = this.started;

  constructor(readonly deadlineMs: number) {}

  remainingMs(): number {
    return Math.max(0, this.deadlineMs - (performance.now() - this.started));
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  /** Closes a stage at the given instant (default now). */
  pass(name: StageName, at = performance.now()): void {
    this.stages.push({ name, ok: true, ms: Math.max(0, Math.round(at - this.mark)) });
    this.mark = at;
  }

  fail(name: StageName): void {
    this.stages.push({
      name,
      ok: false,
      ms: Math.max(0, Math.round(performance.now() - this.mark)),
    });
    this.mark = performance.now();
  }

  /** Runs a step of a stage within what is left of the deadline. */
  async within<T>(
    stage: StageName,
    work: Promise<T>,
    onTimeout: () => void = () => undefined,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new DeadlineError(stage));
      }, this.remainingMs());
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  success(serverVersion: string | null, privileges: TestResult['privileges']): TestResult {
    const latencyMs = this.elapsedMs();
    return {
      success: true,
      message: 'Connection successful',
      latencyMs,
      errorCode: null,
      hint: null,
      serverVersion,
      stages: this.stages,
      privileges,
    };
  }

  failure(failedStage: StageName, failure: TestFailure): TestResult {
    this.fail(failedStage);
    return {
      success: false,
      message: failure.message,
      latencyMs: this.elapsedMs(),
      errorCode: failure.errorCode,
      hint: failure.hint,
      serverVersion: null,
      stages: this.stages,
      privileges: null,
    };
  }
}

/** Removes every secret from a text that may echo it (driver messages, connection strings). */
export function scrubSecrets(text: string, secrets: (string | null | undefined)[]): string {
  return secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 3)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

export function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Some SDKs throw plain objects that carry a message (Databricks' status errors).
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
