import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ApiError } from './apiClient';

/** A 4xx problem onto a form: each field error under its field, else the message for the whole form. */
export function setServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  error: ApiError,
): void {
  const fields = Object.entries(error.fieldErrors());
  for (const [path, message] of fields) setError(path as Path<T>, { message });
  if (fields.length === 0) setError('root', { message: error.message });
}
