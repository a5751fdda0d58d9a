/** Reading and cleaning the errors that drivers and SDKs throw, whatever their shape. */

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
