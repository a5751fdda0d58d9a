import { describe, expect, it } from 'vitest';
import { databricksVersionLabel } from './databricks.driver';
import { classifyDatabricksError } from './databricks.errors';

const err = (fields: Record<string, unknown>, message = 'boom') =>
  Object.assign(new Error(message), fields);

describe('classifyDatabricksError', () => {
  const ctx = {
    host: 'adb-1.azuredatabricks.net',
    port: 443,
    httpPath: '/sql/1.0/warehouses/abc',
    catalog: 'main',
    schema: 'sales',
  };
  it.each([
    [{ statusCode: 401 }, 'Unauthorized', 'AUTH_FAILED'],
    [{ statusCode: 403 }, 'Forbidden', 'PERMISSION_DENIED'],
    [{ statusCode: 404 }, 'Not Found', 'DATABASE_NOT_FOUND'],
    [{ statusCode: 503 }, 'Service Unavailable', 'DRIVER_ERROR'],
    [{}, "[NO_SUCH_CATALOG_EXCEPTION] Catalog 'x' was not found.", 'DATABASE_NOT_FOUND'],
    [{}, '[SCHEMA_NOT_FOUND] The schema `x` cannot be found.', 'DATABASE_NOT_FOUND'],
    [{}, '[INSUFFICIENT_PERMISSIONS] User does not have USE CATALOG', 'PERMISSION_DENIED'],
    [{ cause: err({ code: 'ECONNREFUSED' }) }, 'request failed', 'CONNECTION_REFUSED'],
    [{ code: 'ENOTFOUND' }, 'getaddrinfo ENOTFOUND', 'DNS_NOT_FOUND'],
    [{}, 'Something else', 'DRIVER_ERROR'],
  ])('maps %o "%s" to %s', (fields, message, expected) => {
    expect(classifyDatabricksError(err(fields, message), ctx, 10_000).errorCode).toBe(expected);
  });

  it('reads the message of a status error that is a plain object', () => {
    const failure = classifyDatabricksError(
      { message: "[NO_SUCH_CATALOG_EXCEPTION] Catalog 'x' was not found." },
      ctx,
      10_000,
    );
    expect(failure.hint).toBe('Check the catalog: "main" was not found.');
  });
});

describe('databricksVersionLabel', () => {
  it('names the Spark version of version()', () => {
    expect(databricksVersionLabel('3.5.0 a1b2c3')).toBe('Databricks SQL (Spark 3.5.0)');
    expect(databricksVersionLabel('')).toBe('Databricks SQL');
  });
});
