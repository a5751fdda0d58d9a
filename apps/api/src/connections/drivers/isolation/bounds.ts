import type { TestResult } from '@sluice/contracts';
import type { TestFailure } from '../core/types';

/** The longest server-supplied texts Sluice stores or returns. */
export const MAX_VERSION_LENGTH = 255;
export const MAX_MESSAGE_LENGTH = 2048;
const MAX_NOTES = 20;

/** A text cut to `max` characters, with an ellipsis when it was longer. */
export function boundText(text: string, max: number = MAX_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function boundNullable(text: string | null, max: number): string | null {
  return text === null ? null : boundText(text, max);
}

/** A failure whose message and hint are bounded. */
export function boundFailure(failure: TestFailure): TestFailure {
  return { ...failure, message: boundText(failure.message), hint: boundText(failure.hint) };
}

/** A test result whose server-supplied strings (version, messages, notes) are bounded. */
export function boundTestResult(result: TestResult): TestResult {
  return {
    ...result,
    message: boundText(result.message),
    hint: boundNullable(result.hint, MAX_MESSAGE_LENGTH),
    serverVersion: boundNullable(result.serverVersion, MAX_VERSION_LENGTH),
    privileges: result.privileges && {
      ...result.privileges,
      notes: result.privileges.notes.slice(0, MAX_NOTES).map((n) => boundText(n, 500)),
    },
  };
}
