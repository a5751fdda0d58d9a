import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from './apiClient';

/** A 4xx problem onto a form: each field error under its field, else the message for the whole form. */
export function setServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  error: ApiError,
): void {
  const fields = Object.entries(error.fieldErrors());
  for (const [path, message] of fields) setError(path as Path<T>, { message });
  if (fields.length === 0) setError('root', { message: error.message });
}

/** Any error as field messages (by path) and, under `form`, the sentence for the whole form. */
export function problemErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError
    ? { ...error.fieldErrors(), form: error.message }
    : { form: error instanceof Error ? error.message : String(error) };
}
