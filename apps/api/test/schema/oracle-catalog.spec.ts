import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTnsListener, type TnsListener } from '../support/tns-listener';
import { createTestApp, type TestApp } from '../support/test-app';
import { auditOf, createConnection, waitForSchema } from '../support/schema-sync';

describe('Schema ingestion from Oracle, against a listener that does not know the service', () => {
  let listener: TnsListener;
  let t: TestApp;

  beforeAll(async () => {
    listener = await startTnsListener(12514);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await listener?.close();
  });

  it('fails the sync at once with the listener’s answer, and audits the attempt', async () => {
    const created = await createConnection(t, {
      dbType: 'oracle',
      host: '127.0.0.1',
      port: listener.port,
      username: 'scott',
      password: 'Tiger-Sync-Secret',
      options: { serviceName: 'NOPEPDB' },
    });
    const failed = await waitForSchema(t, created.id);
    expect(failed).toMatchObject({
      schemaStatus: 'failed',
      schemaMessage: `The service "NOPEPDB" is not registered with the listener at 127.0.0.1:${listener.port}`,
    });
    // An unknown service is not worth another try: one connect reached the listener.
    expect(listener.connects.filter((c) => c.includes('NOPEPDB'))).toHaveLength(1);
    const audits = await auditOf(t, created.id, 'connections:schema_sync');
    expect(audits.map((a) => a.details)).toEqual([
      expect.objectContaining({ outcome: 'failed', attempt: 1, errorCode: 'DATABASE_NOT_FOUND' }),
    ]);
  });
});
