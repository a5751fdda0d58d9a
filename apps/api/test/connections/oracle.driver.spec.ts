import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../src/connections/drivers/core/types';
import { OracleDriver } from '../../src/connections/drivers/oracle/oracle.driver';
import { loopbackPolicy } from '../support/loopback-policy';
import { itReadsTheNetworkFailures } from '../support/network-cases';
import { startTnsListener, type TnsListener } from '../support/tns-listener';

describe('Oracle driver (Thin mode) against a TNS listener that refuses', () => {
  const driver = new OracleDriver(loopbackPolicy());
  let listener: TnsListener;
  const params = (
    overrides: Partial<ConnectionParams> = {},
    options: Record<string, unknown> = {},
  ): ConnectionParams => ({
    dbType: 'oracle',
    host: '127.0.0.1',
    port: listener.port,
    databaseName: null,
    username: 'scott',
    password: 'Tiger-Secret-1',
    privateKey: null,
    privateKeyPassphrase: null,
    useSsl: false,
    options: { serviceName: 'SALESPDB', ...options },
    ...overrides,
  });

  beforeAll(async () => {
    listener = await startTnsListener(12514);
  });
  afterAll(() => listener.close());

  it('reads the listener’s refuse packet (12514) as an unknown service, naming the field', async () => {
    const result = await driver.test(params(), 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The service "SALESPDB" is not registered with the listener at 127.0.0.1:${listener.port}`,
      hint: `Check the service name: the listener at 127.0.0.1:${listener.port} does not know "SALESPDB".`,
    });
    expect(result.stages.map((s) => [s.name, s.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['authenticate', false],
    ]);
    // The listener saw Sluice's descriptor: the service, one try, and no password in it.
    const descriptor = listener.connects.at(-1) ?? '';
    expect(descriptor).toContain('(SERVICE_NAME=SALESPDB)');
    expect(descriptor).not.toContain('Tiger-Secret-1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(listener.openSockets()).toBe(0);
  });

  it('takes the database name as the service when no service name is given', async () => {
    await driver.test(params({ databaseName: 'ORCLPDB1' }, { serviceName: undefined }), 5000);
    expect(listener.connects.at(-1)).toContain('(SERVICE_NAME=ORCLPDB1)');
  });

  it('refuses a service name that would rewrite the connect descriptor', async () => {
    const before = listener.connects.length;
    const result = await driver.test(
      params({}, { serviceName: 'X)(ADDRESS=(HOST=evil.example)' }),
      5000,
    );
    expect(result).toMatchObject({ success: false, errorCode: 'DRIVER_ERROR' });
    expect(result.hint).toMatch(/^Check the service name/);
    expect(listener.connects.length).toBe(before);
  });

  describe('a listener with no free handler (12519)', () => {
    let busy: TnsListener;
    beforeAll(async () => {
      busy = await startTnsListener(12519);
    });
    afterAll(() => busy.close());

    it('says to try again later', async () => {
      const result = await driver.test(params({ port: busy.port }), 5000);
      expect(result).toMatchObject({ success: false, errorCode: 'DRIVER_ERROR' });
      expect(result.hint).toMatch(/^Try again later/);
    });
  });

  itReadsTheNetworkFailures((target, deadlineMs) => driver.test(params(target), deadlineMs), {
    settleMs: 300,
  });
});
