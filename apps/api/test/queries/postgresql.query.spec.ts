import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { postgresTarget } from '../support/target';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { eventually, querier, refusalOf, rowsOf } from './query-support';
import { PWNED, REFUSED, SETUP } from './postgresql.fixtures';
import { queryPostgresql } from '../../src/connections/drivers/postgresql/postgresql.query';
import { QueryError } from '../../src/connections/drivers/core/query';
import { loopbackPolicy } from '../support/loopback-policy';

const DB = `sluice_query_${process.pid}`;

describe('queries through Sluice on PostgreSQL, as a superuser', () => {
  let t: TestApp;
  let admin: string;
  let id: string;
  let direct: Client;
  const ask = (...args: Parameters<ReturnType<typeof querier>>) =>
    querier(
      t,
      () => id,
      () => admin,
    )(...args);
  const fingerprint = async () =>
    (
      await direct.query<{ f: string }>(
        `select coalesce((select md5(string_agg(id || ':' || v, ',' order by id)) from guarded), '')
             || (select count(*) from pg_class where relname like 'guarded%')::text
             || (select last_value::text from guarded_seq) as f`,
      )
    ).rows[0]!.f;

  beforeAll(async () => {
    const target = postgresTarget();
    const server = new Client({ ...target, user: target.username, database: 'postgres' });
    await server.connect();
    await server.query(`drop database if exists ${DB}`);
    await server.query(`create database ${DB}`);
    await server.end();
    direct = new Client({ ...target, user: target.username, database: DB });
    await direct.connect();
    await direct.query(SETUP);
    // Sessions are kept for a second between queries, so that the last test sees them end.
    t = await createTestApp({ QUERY_SESSION_IDLE_SECONDS: '1' });
    admin = await t.adminToken();
    const created = await t.request('POST', '/api/connections', {
      token: admin,
      body: { ...target, databaseName: DB, name: unique('Query PG'), useSsl: false },
    });
    expect(created.status, created.body).toBe(201);
    id = created.json<{ data: { id: string } }>().data.id;
  });
  afterAll(async () => {
    await direct.end();
    await t.close();
  });

  it('returns columns with their types and every value JSON-safe and exact', async () => {
    const result = await rowsOf(ask('select * from typed order by big nulls last'));
    expect(result.columns.map((c) => `${c.name}:${c.type}`).join(' ')).toBe(
      'big:bigint exact:numeric small:integer ratio:double precision flag:boolean bytes:bytea ' +
        'at:timestamp with time zone local:timestamp without time zone day:date doc:jsonb ' +
        'tags:text[] nums:integer[] id:uuid',
    );
    expect(result.rows[0]).toEqual([
      '9007199254740993',
      '12345.678901234567890123',
      42,
      0.5,
      true,
      '3q2+7w==',
      '2024-05-01T08:00:00.25Z',
      '2024-05-01T10:00:00',
      '2024-05-01',
      { a: [1, 2], b: null },
      ['a', 'b c', null],
      [1, 2, 3],
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    ]);
    expect(result.rows[1]![0]).toBeNull();
    expect(result).toMatchObject({ rowCount: 2, truncated: false });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('runs WITH, VALUES, TABLE, EXPLAIN and SHOW; comments and strings hide no statement', async () => {
    expect((await rowsOf(ask('with x as (select 2 as n) select n from x'))).rows).toEqual([[2]]);
    expect((await rowsOf(ask('values (1), (2)'))).rowCount).toBe(2);
    expect((await rowsOf(ask('table guarded'))).rowCount).toBe(5);
    expect((await rowsOf(ask('explain select * from guarded'))).rowCount).toBeGreaterThan(0);
    expect((await rowsOf(ask('show server_version'))).rowCount).toBe(1);
    expect((await rowsOf(ask("select '; delete from guarded' as s"))).rows).toEqual([
      ['; delete from guarded'],
    ]);
    expect((await rowsOf(ask('select 1 /* ; delete from guarded */'))).rows).toEqual([[1]]);
  });

  it('refuses every write and every reach outside the data, and the table is unchanged', async () => {
    const before = await fingerprint();
    for (const [sql, code] of REFUSED) {
      const problem = await refusalOf(ask(sql));
      expect(problem.code, sql).toBe(code);
      expect(problem.detail.length, sql).toBeGreaterThan(10);
    }
    expect(await fingerprint()).toBe(before);
    expect(existsSync(PWNED)).toBe(false);
  });

  it('refuses before reaching the target: a refused statement never opens a session', async () => {
    const dead = await t.request('POST', '/api/connections', {
      token: admin,
      body: { ...postgresTarget(), port: 1, name: unique('Nowhere'), useSsl: false },
    });
    const deadId = dead.json<{ data: { id: string } }>().data.id;
    const to = querier(
      t,
      () => deadId,
      () => admin,
    );
    expect((await refusalOf(to('delete from guarded'))).code).toBe('QUERY_NOT_READ_ONLY');
    expect((await refusalOf(to('select 1'))).code).toBe('CONNECTION_REFUSED');
  });

  it('points at the position of a parse error and of the target’s own error', async () => {
    expect(await refusalOf(ask('select * fron guarded'))).toMatchObject({
      code: 'QUERY_UNPARSABLE',
      position: 10,
    });
    const missing = await refusalOf(ask('select * from nowhere'));
    expect(missing).toMatchObject({ code: 'SQL_ERROR', position: 15 });
    expect(missing.detail).toContain('"nowhere" does not exist');
    expect(missing.detail).not.toContain(postgresTarget().password);
  });

  it('caps rows by fetching one more than maxRows, and says the result was cut', async () => {
    const sql = 'select g from generate_series(1, 20000) g';
    expect(await rowsOf(ask(sql))).toMatchObject({ rowCount: 500, truncated: true });
    const capped = await rowsOf(ask(sql, { maxRows: 10_000 }));
    expect(capped).toMatchObject({ rowCount: 10_000, truncated: true });
    expect(capped.rows[9_999]).toEqual([10_000]);
    expect(
      await rowsOf(ask('select g from generate_series(1, 10) g', { maxRows: 10 })),
    ).toMatchObject({
      rowCount: 10,
      truncated: false,
    });
  });

  it('cuts a result at about 10 MB', async () => {
    const res = await ask("select repeat('x', 100000) from generate_series(1, 300)", {
      maxRows: 1000,
    });
    expect(res.status).toBe(200);
    const data = res.json<{ data: { rowCount: number; truncated: boolean } }>().data;
    expect(data.truncated).toBe(true);
    expect(data.rowCount).toBeLessThan(300);
    expect(data.rowCount).toBeGreaterThan(90);
    expect(res.body.length).toBeLessThan(10.5 * 1024 * 1024);
  });

  it('cancels a statement past its timeout on the server: it is gone from pg_stat_activity', async () => {
    const sql = 'select count(*) from generate_series(1, 100000000000) /* sluice-timeout */';
    const started = Date.now();
    const problem = await refusalOf(ask(sql, { timeoutMs: 500 }));
    expect(problem.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
    await eventually(async () => {
      const { rows } = await direct.query(
        "select pid from pg_stat_activity where query like '%sluice-timeout%' and pid <> pg_backend_pid()",
      );
      expect(rows).toEqual([]);
    });
  });

  it('needs connections:query: a Viewer is refused, a Contributor and a scoped token are not', async () => {
    const viewer = await t.userWithRole('viewer');
    expect((await ask('select 1', {}, viewer.token)).status).toBe(403);
    const contributor = await t.userWithRole('contributor');
    expect((await rowsOf(ask('select 1', {}, contributor.token))).rows).toEqual([[1]]);
    const narrow = await t.request('POST', '/api/tokens', {
      token: admin,
      body: { name: 'reader', scopes: ['connections:read'] },
    });
    const narrowToken = narrow.json<{ data: { token: string } }>().data.token;
    const refused = await ask('select 1', {}, narrowToken);
    expect(refused.status).toBe(403);
    expect(refused.json().detail).toContain('connections:query');
    const tool = await t.request('POST', '/api/tokens', {
      token: admin,
      body: { name: 'tool', scopes: ['connections:query'] },
    });
    const created = tool.json<{ data: { id: string; token: string } }>().data;
    const answer = await rowsOf(ask("select 'row-value-never-audited' as v", {}, created.token));
    const event = await t.pool.query<{ action: string; details: Record<string, unknown> }>(
      'select action, details from audit_events where id = $1',
      [answer.auditId],
    );
    expect(event.rows[0]).toMatchObject({
      action: 'connections:query',
      details: { outcome: 'ok', rowCount: 1, truncated: false, tokenId: created.id },
    });
    expect(event.rows[0]!.details['sql']).toContain('row-value-never-audited');
    const all = await t.pool.query<{ d: string }>(
      "select string_agg(details::text, ' ') as d from audit_events where action = 'connections:query'",
    );
    expect(all.rows[0]!.d).not.toContain('"row-value-never-audited"]');
  });

  it('audits refusals with their code', async () => {
    await refusalOf(ask('delete from guarded /* audited-refusal */'));
    const { rows } = await t.pool.query<{ details: { outcome: string } }>(
      "select details from audit_events where details->>'sql' like '%audited-refusal%'",
    );
    expect(rows.map((r) => r.details.outcome)).toEqual(['QUERY_NOT_READ_ONLY']);
  });

  it('answers bad input with 400 naming the field, and a disabled connection with 409', async () => {
    for (const [body, path] of [
      [{ sql: '' }, 'sql'],
      [{ sql: 'x'.repeat(100_001) }, 'sql'],
      [{ sql: 'select 1', maxRows: 0 }, 'maxRows'],
      [{ sql: 'select 1', maxRows: 10_001 }, 'maxRows'],
      [{ sql: 'select 1', timeoutMs: 99 }, 'timeoutMs'],
      [{ sql: 'select 1', allowWrite: 'yes' }, 'allowWrite'],
    ] as const) {
      const res = await t.request('POST', `/api/connections/${id}/query`, { token: admin, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.json<{ errors: unknown }>().errors)).toContain(path);
    }
    const disabled = await t.request('POST', '/api/connections', {
      token: admin,
      body: { ...postgresTarget(), databaseName: DB, name: unique('Off'), isActive: false },
    });
    const offId = disabled.json<{ data: { id: string } }>().data.id;
    const res = await querier(
      t,
      () => offId,
      () => admin,
    )('select 1');
    expect(res.status).toBe(409);
    expect(res.json().detail).toContain('is disabled');
  });

  it('holds without the parser: the read-only session and the extended protocol refuse writes', async () => {
    const target = postgresTarget();
    const params = {
      ...target,
      databaseName: DB,
      privateKey: null,
      privateKeyPassphrase: null,
      useSsl: false,
      options: {},
    };
    const job = { maxRows: 10, timeoutMs: 5_000, maxBytes: 1_000_000 };
    const before = await fingerprint();
    const failure = (sql: string) =>
      queryPostgresql(params, loopbackPolicy(), { ...job, sql }).then(
        () => null,
        (error: unknown) => (error instanceof QueryError ? error.failure.errorCode : error),
      );
    expect(await failure('delete from guarded')).toBe('QUERY_NOT_READ_ONLY');
    expect(await failure('with d as (delete from guarded returning *) select * from d')).toBe(
      'QUERY_NOT_READ_ONLY',
    );
    expect(await failure('select 1; delete from guarded')).toBe('SQL_ERROR');
    expect(await failure('commit; delete from guarded')).toBe('SQL_ERROR');
    expect(await fingerprint()).toBe(before);
  });

  it('keeps one session between queries, and ends it when the connection is disabled', async () => {
    const pid = async () => (await rowsOf(ask('select pg_backend_pid() as pid'))).rows[0]![0];
    const first = await pid();
    expect(await pid()).toBe(first);
    const patch = (isActive: boolean) =>
      t.request('PATCH', `/api/connections/${id}`, { token: admin, body: { isActive } });
    expect((await patch(false)).status).toBe(200);
    expect((await patch(true)).status).toBe(200);
    expect(await pid()).not.toBe(first);
    await eventually(async () => {
      const { rows } = await direct.query('select 1 from pg_stat_activity where pid = $1', [first]);
      expect(rows).toEqual([]);
    });
  });

  it('leaves no session open on the target after all of the above', async () => {
    await eventually(async () => {
      const { rows } = await direct.query(
        "select count(*)::int as n from pg_stat_activity where application_name = 'sluice-query'",
      );
      expect(rows[0]).toEqual({ n: 0 });
    });
  });
});
