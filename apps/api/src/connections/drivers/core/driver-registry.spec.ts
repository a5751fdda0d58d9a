import { describe, expect, it } from 'vitest';
import { DriverRegistry } from './driver-registry';
import { IntrospectionError } from './introspection';

const params = {
  dbType: 'oracle' as const,
  host: 'ora.example.com',
  port: 1521,
  databaseName: null,
  username: null,
  password: null,
  privateKey: null,
  privateKeyPassphrase: null,
  useSsl: false,
  options: {},
};

describe('DriverRegistry without a driver for a type', () => {
  const registry = new DriverRegistry([]);

  it('answers a test with a plain DRIVER_ERROR result', async () => {
    expect(await registry.test(params, 1000)).toMatchObject({
      success: false,
      errorCode: 'DRIVER_ERROR',
      message: 'Sluice cannot test Oracle connections yet',
    });
  });

  it('fails a schema read in a way no retry fixes', async () => {
    const error = await registry.introspect(params, { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntrospectionError);
    expect(error).toMatchObject({
      transient: false,
      message: 'Sluice cannot read Oracle schemas yet',
    });
  });
});
