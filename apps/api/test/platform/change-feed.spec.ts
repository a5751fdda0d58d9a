import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Logger } from '@nestjs/common';
import { ChangeFeed } from '../../src/db/change-feed';
import { createPool } from '../../src/db/database';
import { createTestDatabase, dropTestDatabase } from '../support/databases';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { until } from '../support/until';

type Many = { data: { items: { id: string; name: string }[]; total: number } };

/**
 * The list and signed-in principals are kept in memory while the change feed listens; writes
 * made elsewhere (another Sluice process, `rotate-keys`, psql) are played here as plain SQL on
 * the metadata database, which is what such a process does.
 */
describe('answers kept in memory, dropped by changes from any process', () => {
  let t: TestApp;
  let admin: string;
  const names = async (token = admin) => {
    const res = await t.request('GET', '/api/connections?pageSize=100', { token });
    expect(res.status, res.body).toBe(200);
    return res.json<Many>().data.items.map((c) => c.name);
  };
  const insertElsewhere = (name: string) =>
    t.pool.query(
      `insert into data_connections (name, db_type, host, port, options)
       values ($1, 'postgresql', 'db.example.com', 5432, '{}')`,
      [name],
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    await until(() => expect(t.app.get(ChangeFeed).live).toBe(true));
  });
  afterAll(() => t.close());

  it('answers a repeated list without a query, and shows a write through the API at once', async () => {
    // Signing in wrote `users` and `sessions`: their notifications may reach the feed after the
    // first list (a busy CI machine) and rightly drop the principal, so retry until they landed.
    await until(async () => {
      await names();
      const queries = vi.spyOn(t.pool, 'query');
      try {
        await names();
        await names();
        expect(queries).not.toHaveBeenCalled();
      } finally {
        queries.mockRestore();
      }
    });
    const name = unique('through the API');
    const created = await t.request('POST', '/api/connections', {
      token: admin,
      body: { name, dbType: 'postgresql', host: 'db.example.com', port: 5432 },
    });
    expect(created.status, created.body).toBe(201);
    expect(await names()).toContain(name);
  });

  it('shows a connection another process added, changed and removed', async () => {
    await names();
    const name = unique('from elsewhere');
    await insertElsewhere(name);
    await until(async () => expect(await names()).toContain(name));
    await t.pool.query('update data_connections set name = $2 where name = $1', [name, `${name}!`]);
    await until(async () => expect(await names()).toContain(`${name}!`));
    await t.pool.query('delete from data_connections where name = $1', [`${name}!`]);
    await until(async () => expect(await names()).not.toContain(`${name}!`));
  });

  it('signs out a session revoked, and a user deactivated, by another process', async () => {
    const viewer = await t.userWithRole('admin');
    expect((await t.request('GET', '/api/auth/me', { token: viewer.token })).status).toBe(200);
    await t.pool.query('update sessions set revoked_at = now() where user_id = $1', [viewer.id]);
    await until(async () =>
      expect((await t.request('GET', '/api/auth/me', { token: viewer.token })).status).toBe(401),
    );

    const other = await t.userWithRole('admin');
    await names(other.token);
    await t.pool.query('update users set is_active = false where id = $1', [other.id]);
    await until(async () =>
      expect((await t.request('GET', '/api/connections', { token: other.token })).status).toBe(401),
    );
  });

  it('signs out at once a session ended through the API, and a role taken away', async () => {
    const user = await t.userWithRole('admin');
    expect((await t.request('GET', '/api/connections', { token: user.token })).status).toBe(200);
    const demoted = await t.request('PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { role: 'viewer' },
    });
    expect(demoted.status, demoted.body).toBe(200);
    expect((await t.request('GET', '/api/connections', { token: user.token })).status).toBe(403);
    expect((await t.request('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: user.token })).status).toBe(401);
  });

  it('reads from the database while the feed is down, and listens again by itself', async () => {
    const feed = t.app.get(ChangeFeed);
    await names();
    const { rows } = await t.pool.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = current_database() and query = 'LISTEN sluice_changes'`,
    );
    expect(rows).toEqual([{ ended: true }]);
    await until(() => expect(feed.live).toBe(false), 1_000);

    const name = unique('while deaf');
    await insertElsewhere(name);
    expect(await names()).toContain(name);

    await until(() => expect(feed.live).toBe(true));
    const said = t.logs.join('\n');
    expect(said).toContain('Lost the change feed');
    expect(said).toMatch(/Listening again after \d+ ms/);
    await names();
    const later = unique('after');
    await insertElsewhere(later);
    await until(async () => expect(await names()).toContain(later));
  });
});

describe('a database where notifications do not arrive', () => {
  it('keeps nothing in memory and says why', async () => {
    // A transaction-pooling proxy accepts LISTEN and never delivers: played here by sending the
    // feed's probe to another database, whose notifications this listener cannot hear.
    const [listened, elsewhere] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const pool = createPool(listened.url);
    const other = createPool(elsewhere.url);
    vi.spyOn(pool, 'query').mockImplementation(((text: string, values: unknown[]) =>
      other.query(text, values)) as never);
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const feed = new ChangeFeed(pool, { role: 'all' });
    try {
      await feed.onApplicationBootstrap();
      expect(feed.live).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('do not arrive'));
    } finally {
      warn.mockRestore();
      await feed.onApplicationShutdown();
      await Promise.all([pool.end(), other.end()]);
      await Promise.all([dropTestDatabase(listened.name), dropTestDatabase(elsewhere.name)]);
    }
  });
});

describe('a worker-only process', () => {
  it('does not listen: it answers no request, so it keeps nothing', async () => {
    const database = await createTestDatabase();
    const pool = createPool(database.url);
    const feed = new ChangeFeed(pool, { role: 'worker' });
    try {
      await feed.onApplicationBootstrap();
      expect(feed.live).toBe(false);
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and query like 'LISTEN%'`,
      );
      expect(rows[0]!.n).toBe(0);
    } finally {
      await feed.onApplicationShutdown();
      await pool.end();
      await dropTestDatabase(database.name);
    }
  });
});
