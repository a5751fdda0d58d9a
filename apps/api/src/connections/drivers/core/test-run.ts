import type { TestResult, TestStage } from '@sluice/contracts';
import type { StageListener, TestFailure } from './types';

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

  constructor(
    readonly deadlineMs: number,
    private readonly onStage: StageListener = () => undefined,
  ) {}

  /** Whether a stage was passed already (when it happened, rather than once the step ended). */
  passed(name: StageName): boolean {
    return this.stages.some((s) => s.name === name && s.ok);
  }

  private record(stage: TestStage): void {
    this.stages.push(stage);
    try {
      this.onStage(stage);
    } catch {
      // A listener that cannot be told (a caller gone) changes nothing in the test.
    }
  }

  remainingMs(): number {
    return Math.max(0, this.deadlineMs - (performance.now() - this.started));
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  /** Closes a stage at the given instant (default now). */
  pass(name: StageName, at = performance.now()): void {
    if (this.passed(name)) return;
    this.record({ name, ok: true, ms: Math.max(0, Math.round(at - this.mark)) });
    this.mark = at;
  }

  fail(name: StageName): void {
    this.record({
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
