import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snowflakeAnswers } from '../support/snowflake-answers';
import { startSnowflakePeer, type SnowflakePeer } from '../support/snowflake-peer';
import { createTestApp, type TestApp } from '../support/test-app';
import { catalogOf, createConnection, names, waitForSchema } from '../support/schema-sync';

const PASSWORD = 'Snow-Sync-Secret';
const PASSPHRASE = 'Stored-Key-Passphrase';
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: {
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: PASSPHRASE,
  },
});

describe('Schema ingestion from Snowflake (an HTTPS peer serving INFORMATION_SCHEMA rows)', () => {
  let peer: SnowflakePeer;
  let t: TestApp;
  const body = (fields: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
    dbType: 'snowflake',
    host: '127.0.0.1',
    port: peer.port,
    databaseName: 'SALES',
    username: 'ANN',
    password: PASSWORD,
    options: { account: 'xy12345', ...options },
    ...fields,
  });

  beforeAll(async () => {
    peer = await startSnowflakePeer({
      account: 'xy12345',
      users: {
        ANN: { password: PASSWORD, roles: ['ANALYST'] },
        SVC: { publicKey: keys.publicKey, roles: ['LOADER'] },
      },
      databases: ['SALES'],
      warehouses: ['WH'],
      answer: snowflakeAnswers(),
    });
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('reads tables, views, columns, comments and keys of the database', async () => {
    const created = await createConnection(t, body());
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const catalog = await catalogOf(t, created.id);
    expect(names(catalog)).toEqual([
      'PUBLIC.BIG_ORDERS',
      'PUBLIC.CUSTOMERS',
      'PUBLIC.ORDERS',
      'STAGING.RAW_EVENTS',
    ]);
    const byName = new Map(catalog.map((o) => [o.name, o]));
    expect(byName.get('CUSTOMERS')).toEqual({
      schemaName: 'PUBLIC',
      name: 'CUSTOMERS',
      kind: 'table',
      comment: 'People who buy',
      rowEstimate: 1200,
      primaryKey: ['ID'],
      foreignKeys: [],
      indexes: [],
      columns: [
        {
          ordinal: 1,
          name: 'ID',
          dataType: 'NUMBER(38,0)',
          nullable: false,
          defaultValue: null,
          comment: null,
        },
        {
          ordinal: 2,
          name: 'EMAIL',
          dataType: 'VARCHAR(200)',
          nullable: true,
          defaultValue: null,
          comment: 'Contact address',
        },
      ],
    });
    expect(byName.get('ORDERS')).toMatchObject({
      primaryKey: ['ID'],
      foreignKeys: [
        {
          name: 'FK_ORDERS_CUSTOMERS',
          columns: ['CUSTOMER_ID'],
          referencedSchema: 'PUBLIC',
          referencedTable: 'CUSTOMERS',
          referencedColumns: ['ID'],
        },
      ],
    });
    expect(byName.get('BIG_ORDERS')).toMatchObject({ kind: 'view', rowEstimate: null });
  });

  it('applies the include patterns of options.schemas', async () => {
    const created = await createConnection(t, body({}, { schemas: { include: ['STAG*'] } }));
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    expect(names(await catalogOf(t, created.id))).toEqual(['STAGING.RAW_EVENTS']);
  });

  it('fails a sync without a database, saying which field to fill', async () => {
    const created = await createConnection(t, body({ databaseName: null }));
    const failed = await waitForSchema(t, created.id);
    expect(failed).toMatchObject({
      schemaStatus: 'failed',
      schemaMessage: 'No database is set, and a Snowflake catalog is read one database at a time',
    });
  });

  it('keeps a key pair encrypted, tests with it and syncs with it, and never returns it', async () => {
    const created = await createConnection(t, {
      ...body({ username: 'SVC', password: undefined }, { authenticator: 'key_pair' }),
      privateKey: keys.privateKey,
      privateKeyPassphrase: PASSPHRASE,
    });
    expect(created.hasCredential).toBe(true);
    const ready = await waitForSchema(t, created.id);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const tested = await t.request('POST', `/api/connections/${created.id}/test`, {
      token: await t.adminToken(),
    });
    expect(tested.json<{ data: { success: boolean } }>().data.success, tested.body).toBe(true);
    expect(peer.logins.filter((l) => l.user === 'SVC').map((l) => l.authenticator)).toEqual([
      'SNOWFLAKE_JWT',
      'SNOWFLAKE_JWT',
    ]);
    const stored = await t.request('GET', `/api/connections/${created.id}`, {
      token: await t.adminToken(),
    });
    expect(stored.body).not.toContain('PRIVATE KEY');
    expect(stored.body).not.toContain(PASSPHRASE);
    // In the database, only ciphertext.
    const row = await t.pool.query<{ row: string }>(
      'select row_to_json(c)::text as row from data_connections c where id = $1',
      [created.id],
    );
    expect(row.rows[0]?.row).not.toContain('PRIVATE KEY');
    expect(row.rows[0]?.row).not.toContain(PASSPHRASE);
  });
});
