/** What went wrong, as text, whatever was thrown: an Error's message, a string, or its JSON. */
export function reasonOf(error: unknown, whenNone: string): string {
  if (error instanceof Error) return error.message;
  if (error === undefined || error === null) return whenNone;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? whenNone);
}
