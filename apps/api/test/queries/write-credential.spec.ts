import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import type { Connection, TestResult } from '@sluice/contracts';
import { postgresTarget } from '../support/target';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { querier, refusalOf, rowsOf } from './query-support';

const DB = `sluice_write_${process.pid}`;
const READER = { username: `reader_${process.pid}`, password: 'reader-secret-pw-1' };

describe('a second, write-enabled credential', () => {
  let t: TestApp;
  let admin: string;
  let contributor: string;
  let id: string;
  let direct: Client;
  const ask = (...args: Parameters<ReturnType<typeof querier>>) =>
    querier(
      t,
      () => id,
      () => admin,
    )(...args);
  const notes = async () =>
    (await direct.query<{ n: string }>('select n from notes order by n')).rows.map((r) => r.n);
  const setWrite = (token: string, body: unknown) =>
    t.request('PUT', `/api/connections/${id}/write-credential`, { token, body });

  beforeAll(async () => {
    const target = postgresTarget();
    const server = new Client({ ...target, user: target.username, database: 'postgres' });
    await server.connect();
    await server.query(`drop database if exists ${DB}`);
    await server.query(`create database ${DB}`);
    await server.query(`drop role if exists ${READER.username}`);
    await server.query(`create role ${READER.username} login password '${READER.password}'`);
    await server.end();
    direct = new Client({ ...target, user: target.username, database: DB });
    await direct.connect();
    await direct.query(`create table notes (n text primary key); insert into notes values ('a');
      grant select on notes to ${READER.username};`);
    t = await createTestApp();
    admin = await t.adminToken();
    contributor = (await t.userWithRole('contributor')).token;
    const created = await t.request('POST', '/api/connections', {
      token: admin,
      body: { ...target, ...READER, databaseName: DB, name: unique('Notes') },
    });
    id = created.json<{ data: Connection }>().data.id;
  });
  afterAll(async () => {
    await direct.end();
    await t.close();
  });

  it('is set only with connections:govern, and never returned', async () => {
    const superuser = postgresTarget();
    const body = { writeUsername: superuser.username, writePassword: superuser.password };
    expect((await setWrite(contributor, body)).status).toBe(403);
    const bad = await setWrite(admin, { writeUsername: '', writePassword: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('writeUsername');
    const set = await setWrite(admin, body);
    expect(set.status, set.body).toBe(200);
    expect(set.json<{ data: Connection }>().data).toMatchObject({
      hasWriteCredential: true,
      writeUsername: superuser.username,
    });
    expect(set.body).not.toContain(superuser.password);
    const stored = await t.pool.query<{ c: string }>(
      'select encrypted_write_credential as c from data_connections where id = $1',
      [id],
    );
    expect(stored.rows[0]!.c).not.toContain(superuser.password);
    const events = await t.pool.query<{ details: unknown }>(
      "select details from audit_events where action = 'connections:write_credential_set'",
    );
    expect(events.rows).toHaveLength(1);
    expect(JSON.stringify(events.rows)).not.toContain(superuser.password);
  });

  it('is tested on its own, with its privilege report, and the read credential stays read-only', async () => {
    const write = await t.request('POST', `/api/connections/${id}/test?credential=write`, {
      token: admin,
    });
    expect(write.status).toBe(201);
    expect(write.json<{ data: TestResult }>().data).toMatchObject({
      success: true,
      privileges: { canWrite: true, superuser: true },
    });
    const read = await t.request('POST', `/api/connections/${id}/test`, { token: admin });
    expect(read.json<{ data: TestResult }>().data.privileges).toMatchObject({ canWrite: false });
    const byContributor = await t.request('POST', `/api/connections/${id}/test?credential=write`, {
      token: contributor,
    });
    expect(byContributor.status).toBe(403);
  });

  it('writes only with allowWrite and connections:query_write, committed, audited as a write', async () => {
    expect((await rowsOf(ask('select current_user'))).rows).toEqual([[READER.username]]);
    expect((await refusalOf(ask("insert into notes values ('b')"))).code).toBe(
      'QUERY_NOT_READ_ONLY',
    );
    const denied = await ask("insert into notes values ('b')", { allowWrite: true }, contributor);
    expect(denied.status).toBe(403);
    expect(denied.json().detail).toContain('connections:query_write');
    expect(await notes()).toEqual(['a']);
    const written = await rowsOf(
      ask("insert into notes values ('b'), ('c')", { allowWrite: true }),
    );
    expect(written.affectedRows).toBe(2);
    expect(await notes()).toEqual(['a', 'b', 'c']);
    const returning = await rowsOf(
      ask("update notes set n = 'z' where n = 'c' returning n", { allowWrite: true }),
    );
    expect(returning.rows).toEqual([['z']]);
    const event = await t.pool.query<{ action: string; details: Record<string, unknown> }>(
      'select action, details from audit_events where id = $1',
      [written.auditId],
    );
    expect(event.rows[0]).toMatchObject({
      action: 'connections:query_write',
      details: { outcome: 'ok', affectedRows: 2 },
    });
  });

  it('refuses several statements, and rolls back a failed write', async () => {
    const many = await refusalOf(
      ask("insert into notes values ('d'); delete from notes", { allowWrite: true }),
    );
    expect(many.code).toBe('QUERY_MULTIPLE_STATEMENTS');
    const failed = await refusalOf(
      ask("insert into notes select 'e' union all select 'a'", { allowWrite: true }),
    );
    expect(failed.code).toBe('SQL_ERROR');
    expect(failed.detail).toContain('duplicate key');
    expect(await notes()).toEqual(['a', 'b', 'z']);
  });

  it('once removed, a write is refused with WRITE_CREDENTIAL_MISSING', async () => {
    const removed = await t.request('DELETE', `/api/connections/${id}/write-credential`, {
      token: admin,
    });
    expect(removed.json<{ data: Connection }>().data.hasWriteCredential).toBe(false);
    const refused = await refusalOf(ask("insert into notes values ('f')", { allowWrite: true }));
    expect(refused.code).toBe('WRITE_CREDENTIAL_MISSING');
    expect(await notes()).toEqual(['a', 'b', 'z']);
  });
});
