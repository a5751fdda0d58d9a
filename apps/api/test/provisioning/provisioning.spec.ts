import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@sluice/contracts';
import { childEnv } from '../support/child-env';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';
import { sluiceCli, TEST_JWT_SECRET } from '../support/sluice-cli';
import { until } from '../support/until';
import { freePort } from '../support/free-port';

const DB_PASSWORD_VAR = 'SLUICE_TEST_PROVISIONED_PASSWORD';

describe('connections as code: provisioning files, plan / apply, managed connections, export', () => {
  let t: TestApp;
  let dir: string;
  let token: string;
  const target = postgresTarget();

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.adminToken();
    dir = mkdtempSync(join(tmpdir(), 'sluice-provisioning-'));
    writeFileSync(join(dir, 'reader.secret'), `${target.password}\n`);
  });
  afterAll(() => t?.close());

  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cli = (env: Record<string, string>, ...args: string[]) =>
    sluiceCli(t, { [DB_PASSWORD_VAR]: target.password, ...env }, ...args);
  const byName = async (name: string) => {
    const res = await t.request('GET', `/api/connections?search=${encodeURIComponent(name)}`, {
      token,
    });
    return res.json<{ data: { items: Connection[] } }>().data.items.find((c) => c.name === name);
  };

  const FILE = (extra = '', prune = false) => `apiVersion: 1
prune: ${prune}
connections:
  - name: Provisioned orders
    dbType: postgresql
    host: ${target.host}
    port: ${target.port}
    databaseName: ${target.databaseName}
    username: ${target.username}
    password: \${env:${DB_PASSWORD_VAR}}
    purpose: analytics
    syncSchedule: "off"
  - name: Provisioned by string
    dbType: postgresql
    connectionString: postgresql://${target.username}:\${file:${join(dir, 'reader.secret')}}@${target.host}:${target.port}/${target.databaseName}
    syncSchedule: "off"
${extra}`;

  it('plan says what would change and exits 2; apply does it; a second plan exits 0', async () => {
    const path = write('team.yaml', FILE());
    const plan = cli({}, 'plan', '-f', path);
    expect(plan.status, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('+ create     Provisioned orders');
    expect(plan.stdout).toContain('2 to create, 0 to update, 0 unchanged, 0 to prune.');
    expect(await byName('Provisioned orders')).toBeUndefined();
    const apply = cli({}, 'apply', '-f', path);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('2 created');
    const again = cli({}, 'plan', '-f', path);
    expect(again.status, again.stdout).toBe(0);
    expect(again.stdout).toContain('= unchanged  Provisioned by string');
    for (const out of [plan.stdout, apply.stdout, again.stdout, apply.stderr])
      expect(out).not.toContain(target.password);
  });

  it('the connections work, say they are managed, and refuse edits with a 409 unless forced by an admin', async () => {
    // The CLI is another process: this one hears of its writes through the change feed.
    let orders: Connection | undefined;
    await until(async () => expect((orders = await byName('Provisioned orders'))).toBeDefined());
    orders = orders!;
    expect(orders).toMatchObject({
      provisionedFrom: 'team.yaml',
      hasCredential: true,
      purpose: 'analytics',
    });
    const tested = await t.request('POST', `/api/connections/${orders.id}/test`, { token });
    expect(tested.json<{ data: { success: boolean } }>().data.success).toBe(true);
    const patch = await t.request('PATCH', `/api/connections/${orders.id}`, {
      token,
      body: { description: 'by hand' },
    });
    expect(patch.status).toBe(409);
    expect(patch.body).toContain('managed by provisioning (team.yaml): edit the file');
    const del = await t.request('DELETE', `/api/connections/${orders.id}`, { token });
    expect(del.status).toBe(409);
    const contributor = await t.userWithRole('contributor');
    const forbidden = await t.request('PATCH', `/api/connections/${orders.id}?force=true`, {
      token: contributor.token,
      body: { description: 'by hand' },
    });
    expect(forbidden.status).toBe(403);
    const forced = await t.request('PATCH', `/api/connections/${orders.id}?force=true`, {
      token,
      body: { description: 'by hand' },
    });
    expect(forced.status, forced.body).toBe(200);
    const plan = cli({}, 'plan', '-f', join(dir, 'team.yaml'));
    expect(plan.stdout).toContain('~ update     Provisioned orders (description)');
  });

  it('a changed secret is an update named by field; prune deletes only what the file created', async () => {
    const manual = await t.request('POST', '/api/connections', {
      token,
      body: { name: 'Made by hand', dbType: 'postgresql', host: 'db.example.com', port: 5432 },
    });
    expect(manual.status).toBe(201);
    const other = write(
      'other.yaml',
      `apiVersion: 1\nprune: true\nconnections:\n  - name: From another file\n    dbType: postgresql\n    host: db.example.com\n    port: 5432\n`,
    );
    expect(cli({}, 'apply', '-f', other).status).toBe(0);
    const path = write(
      'team.yaml',
      FILE().split('  - name: Provisioned by string')[0]!.replace('prune: false', 'prune: true'),
    );
    const plan = cli({ [DB_PASSWORD_VAR]: 'another-password' }, 'plan', '-f', path);
    expect(plan.stdout).toContain('~ update     Provisioned orders (description, password)');
    expect(plan.stdout).toContain('- prune      Provisioned by string');
    expect(plan.stdout).not.toContain('Made by hand');
    expect(plan.stdout).not.toContain('another-password');
    const apply = cli({}, 'apply', '-f', path);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await byName('Provisioned by string')).toBeUndefined();
    expect(await byName('Made by hand')).toBeDefined();
    expect(await byName('From another file')).toBeDefined();
    const audit = await t.request('GET', '/api/audit-events?action=connections:provision', {
      token,
    });
    const events = audit.json<{ data: { items: { details: Record<string, unknown> }[] } }>().data
      .items;
    expect(events[0]!.details).toMatchObject({
      file: 'team.yaml',
      via: 'cli',
      updated: 1,
      pruned: 1,
    });
    expect(audit.body).not.toContain(target.password);
  });

  it('a bad file changes nothing and names the file, the line and the field', () => {
    const bad = write(
      'bad.yaml',
      `apiVersion: 1\nconnections:\n  - name: Broken\n    dbType: postgresql\n    host: db\n    port: 99999\n    colour: blue\n    password: \${env:NOT_SET_ANYWHERE}\n`,
    );
    const plan = cli({}, 'plan', '-f', bad);
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain(
      'bad.yaml line 6: connections[0].port must be a whole number from 1 to 65535',
    );
    expect(plan.stderr).toContain('bad.yaml line 3: connections[0] ');
    expect(plan.stderr).toContain('colour');
    expect(plan.stderr).toContain(
      'bad.yaml line 8: connections[0].password uses the environment variable NOT_SET_ANYWHERE, which is not set',
    );
    const syntax = cli({}, 'plan', '-f', write('syntax.yaml', 'apiVersion: 1\nconnections: [\n'));
    expect(syntax.status).toBe(1);
    expect(syntax.stderr).toMatch(/syntax\.yaml line \d+:/);
  });

  it('export → apply to the same instance: everything unchanged; secrets only as references', async () => {
    const res = await t.request('GET', '/api/connections/export', { token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('yaml');
    expect(res.body).toContain('password: ${env:SLUICE_PROVISIONED_ORDERS_PASSWORD}');
    expect(res.body).not.toContain(target.password);
    const path = write('export.yaml', res.body);
    const plan = cli({ SLUICE_PROVISIONED_ORDERS_PASSWORD: target.password }, 'plan', '-f', path);
    expect(plan.stdout, plan.stderr).toMatch(
      /0 to create, 0 to update, \d+ unchanged, 0 to prune\./,
    );
    expect(plan.status, plan.stdout).toBe(0);
    const viewer = await t.userWithRole('contributor');
    expect(
      (await t.request('GET', '/api/connections/export', { token: viewer.token })).status,
    ).toBe(403);
  });

  it('PROVISIONING_DIR: a bad file stops the start with one line and exit code 1', () => {
    const boot = mkdtempSync(join(tmpdir(), 'sluice-boot-'));
    writeFileSync(join(boot, 'boot.yaml'), 'apiVersion: 2\nconnections: []\n');
    const started = spawnSync(
      resolve(__dirname, '../../../../node_modules/.bin/tsx'),
      ['src/main.ts'],
      {
        cwd: resolve(__dirname, '../..'),
        env: childEnv({
          DATABASE_URL: t.pool.options.connectionString ?? '',
          ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
          JWT_SECRET: TEST_JWT_SECRET,
          PORT: '0',
          LOG_LEVEL: 'warn',
          PROVISIONING_DIR: boot,
        }),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(started.status).toBe(1);
    expect(started.stderr.trim()).toBe('PROVISIONING_DIR: boot.yaml line 1: apiVersion must be 1');
  });

  it('the CLI also works on a stopped instance: it starts the embedded database itself', async () => {
    const data = mkdtempSync(join(tmpdir(), 'sluice-stopped-'));
    const path = write(
      'stopped.yaml',
      'apiVersion: 1\nconnections:\n  - name: Offline\n    dbType: sqlite\n    databaseName: offline.db\n',
    );
    const env = childEnv({
      DATA_DIR: data,
      EMBEDDED_DB_PORT: String(await freePort()),
    });
    const run = (...args: string[]) =>
      spawnSync(
        resolve(__dirname, '../../../../node_modules/.bin/tsx'),
        ['src/cli/sluice.ts', ...args],
        {
          cwd: resolve(__dirname, '../..'),
          env,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
    const applied = run('apply', '-f', path);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('1 created');
    const plan = run('plan', '-f', path);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('= unchanged  Offline');
  }, 180_000);

  it('publishes the file’s JSON Schema without a token', async () => {
    const res = await t.request('GET', '/api/provisioning/schema.json');
    expect(res.status).toBe(200);
    const schema = res.json<{ properties: Record<string, unknown>; title: string }>();
    expect(schema.title).toBe('Sluice provisioning file');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['apiVersion', 'prune', 'connections']),
    );
  });
});
