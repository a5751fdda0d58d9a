import type { TestFailure } from '../core/types';
import { networkFailure } from '../core/network-failures';
import type { DatabricksContext } from './databricks.session';
import { errorMessageOf } from '../core/error-text';

/** HTTP statuses and the warehouse's error classes → Sluice's codes, with a hint naming the field. */
export function classifyDatabricksError(
  error: unknown,
  ctx: DatabricksContext,
  deadlineMs: number,
): TestFailure {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const text = errorMessageOf(error);
  const network = networkFailure(error, ctx.host, ctx.port, deadlineMs);
  if (network) return network;
  if (status === 401) {
    return {
      errorCode: 'AUTH_FAILED',
      message: 'The access token was rejected',
      hint: 'Check the password: it must be a valid Databricks personal access token.',
    };
  }
  if (status === 403) {
    return {
      errorCode: 'PERMISSION_DENIED',
      message: 'The token may not use this SQL warehouse',
      hint: 'Ask the workspace admin for "Can use" permission on the warehouse for this token’s user.',
    };
  }
  if (status === 404) {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `No SQL warehouse answers at ${ctx.httpPath}`,
      hint: 'Check the HTTP path: copy it from the warehouse’s "Connection details" tab.',
    };
  }
  if (status === 429 || status === 503) {
    return {
      errorCode: 'DRIVER_ERROR',
      message: 'The SQL warehouse is starting or busy',
      hint: 'Try again in a minute: a stopped warehouse takes a moment to start.',
    };
  }
  if (/NO_SUCH_CATALOG|CATALOG_NOT_FOUND/i.test(text)) {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The catalog "${ctx.catalog}" does not exist or is not visible to this token`,
      hint: `Check the catalog: "${ctx.catalog}" was not found.`,
    };
  }
  if (/SCHEMA_NOT_FOUND|NO_SUCH_SCHEMA/i.test(text)) {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The schema "${ctx.schema}" does not exist in the catalog`,
      hint: `Check the schema: "${ctx.schema}" was not found.`,
    };
  }
  if (/PERMISSION_DENIED|INSUFFICIENT_PERMISSIONS/i.test(text)) {
    return {
      errorCode: 'PERMISSION_DENIED',
      message: `Permission denied: ${text}`,
      hint: 'Ask the workspace admin to grant USE CATALOG and USE SCHEMA to this token’s user.',
    };
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `Databricks error${typeof status === 'number' ? ` HTTP ${status}` : ''}: ${text}`,
    hint: 'Check the connection settings; the warehouse’s message above says what it refused.',
  };
}
