import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams, SshTunnelParams } from '../../src/connections/drivers/core/types';
import { PostgresqlDriver } from '../../src/connections/drivers/postgresql/postgresql.driver';
import { loopbackPolicy } from '../support/loopback-policy';
import { hasSshd, requireSshd, startBastion, type Bastion } from '../support/sshd';
import { postgresTarget } from '../support/target';
import { freePort } from '../support/free-port';
import { until } from '../support/until';
import { openTunnelCount } from '../../src/connections/drivers/tunnel/ssh-tunnel';

requireSshd();

async function adminQuery(sql: string): Promise<void> {
  const target = postgresTarget();
  const client = new Client({ ...target, user: target.username, database: target.databaseName });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const DEADLINE = 5000;

describe.skipIf(!hasSshd)('SSH tunnels: the PostgreSQL driver through a real sshd', () => {
  let bastion: Bastion;
  let closedBastion: Bastion;
  const driver = new PostgresqlDriver(loopbackPolicy());

  beforeAll(async () => {
    [bastion, closedBastion] = await Promise.all([
      startBastion(),
      startBastion({ forwarding: false }),
    ]);
    await adminQuery(
      'create schema if not exists tunnel_check; create table if not exists tunnel_check.orders (id int primary key)',
    );
  }, 60_000);
  afterAll(async () => {
    await adminQuery('drop schema if exists tunnel_check cascade');
    await bastion?.stop();
    await closedBastion?.stop();
  });

  const tunnel = (overrides: Partial<SshTunnelParams> = {}, via = bastion): SshTunnelParams => ({
    host: via.host,
    port: via.port,
    username: via.username,
    authMethod: 'password',
    hostKeyFingerprint: null,
    password: via.password,
    privateKey: null,
    passphrase: null,
    ...overrides,
  });
  const params = (sshTunnel: SshTunnelParams, overrides: Partial<ConnectionParams> = {}) => {
    const target = postgresTarget();
    return {
      ...target,
      privateKey: null,
      privateKeyPassphrase: null,
      useSsl: false,
      options: {},
      sshTunnel,
      ...overrides,
    } satisfies ConnectionParams;
  };
  /** Every case ends with no SSH connection left on the bastion, counted from its side. */
  /** …and no tunnel (SSH connection, local listener) left on Sluice's side. */
  const noSessionsLeft = (via = bastion) =>
    until(() => {
      expect(via.openSessions()).toBe(0);
      expect(openTunnelCount()).toBe(0);
    }, 5000);

  it('passes with a password: the SSH stages come first, and the host key is shown', async () => {
    const result = await driver.test(params(tunnel()), DEADLINE);
    expect(result).toMatchObject({
      success: true,
      errorCode: null,
      sshHostKey: bastion.fingerprint,
    });
    expect(result.stages.map((s) => s.name)).toEqual([
      'resolve',
      'ssh_connect',
      'ssh_authenticate',
      'connect',
      'authenticate',
      'query',
    ]);
    expect(result.serverVersion).toMatch(/^PostgreSQL /);
    await noSessionsLeft();
  });

  it.each(['ed25519', 'ecdsa', 'rsaPem'] as const)('passes with a %s private key', async (name) => {
    const key = bastion.keys[name];
    const result = await driver.test(
      params(
        tunnel({
          authMethod: 'key',
          password: null,
          privateKey: key.privateKey,
          passphrase: key.passphrase,
        }),
      ),
      DEADLINE,
    );
    expect(result).toMatchObject({ success: true, sshHostKey: bastion.fingerprint });
    await noSessionsLeft();
  });

  it('a wrong SSH password: SSH_AUTH_FAILED at ssh_authenticate, the password nowhere', async () => {
    const result = await driver.test(params(tunnel({ password: 'wrong-bastion-pass' })), DEADLINE);
    expect(result).toMatchObject({ success: false, errorCode: 'SSH_AUTH_FAILED' });
    expect(result.stages.at(-1)).toMatchObject({ name: 'ssh_authenticate', ok: false });
    expect(result.hint).toContain('SSH username and password');
    expect(JSON.stringify(result)).not.toContain('wrong-bastion-pass');
    await noSessionsLeft();
  });

  it('a key the bastion does not know: SSH_AUTH_FAILED naming the key', async () => {
    const key = bastion.keys.unknown;
    const result = await driver.test(
      params(tunnel({ authMethod: 'key', password: null, privateKey: key.privateKey })),
      DEADLINE,
    );
    expect(result).toMatchObject({ errorCode: 'SSH_AUTH_FAILED' });
    expect(result.hint).toContain('authorized_keys');
    await noSessionsLeft();
  });

  it('an encrypted key without or with a wrong passphrase: said before anything is sent', async () => {
    const key = bastion.keys.rsaPem.privateKey;
    const without = await driver.test(
      params(tunnel({ authMethod: 'key', password: null, privateKey: key })),
      DEADLINE,
    );
    expect(without).toMatchObject({
      errorCode: 'SSH_AUTH_FAILED',
      message: 'The SSH private key is encrypted and no passphrase was given',
    });
    const wrong = await driver.test(
      params(
        tunnel({ authMethod: 'key', password: null, privateKey: key, passphrase: 'nope-nope' }),
      ),
      DEADLINE,
    );
    expect(wrong).toMatchObject({
      errorCode: 'SSH_AUTH_FAILED',
      message: 'The SSH private key could not be decrypted with the passphrase given',
    });
    expect(wrong.stages.map((s) => s.name)).toEqual(['resolve', 'ssh_authenticate']);
    expect(bastion.openSessions()).toBe(0);
  });

  it('nothing on the SSH port: SSH_CONNECTION_REFUSED at ssh_connect', async () => {
    const result = await driver.test(params(tunnel({ port: await freePort() })), DEADLINE);
    expect(result).toMatchObject({ errorCode: 'SSH_CONNECTION_REFUSED' });
    expect(result.stages.at(-1)).toMatchObject({ name: 'ssh_connect', ok: false });
    expect(result.hint).toContain("SSH tunnel's host and port");
  });

  it('another host key than the pinned one: SSH_HOST_KEY_MISMATCH, the new key shown', async () => {
    const pinned = 'SHA256:' + 'A'.repeat(43);
    const result = await driver.test(params(tunnel({ hostKeyFingerprint: pinned })), DEADLINE);
    expect(result).toMatchObject({
      errorCode: 'SSH_HOST_KEY_MISMATCH',
      sshHostKey: bastion.fingerprint,
    });
    expect(result.message).toContain(pinned);
    expect(result.stages.at(-1)).toMatchObject({ name: 'ssh_connect', ok: false });
    await noSessionsLeft();
    const same = await driver.test(
      params(tunnel({ hostKeyFingerprint: bastion.fingerprint })),
      DEADLINE,
    );
    expect(same).toMatchObject({ success: true });
  });

  it('nothing on the database port behind the bastion: SSH_FORWARD_REFUSED at connect', async () => {
    const result = await driver.test(params(tunnel(), { port: await freePort() }), DEADLINE);
    expect(result).toMatchObject({ errorCode: 'SSH_FORWARD_REFUSED' });
    expect(result.stages.at(-1)).toMatchObject({ name: 'connect', ok: false });
    expect(result.hint).toContain('as the bastion sees them');
    await noSessionsLeft();
  });

  it('a bastion that forbids forwarding: SSH_FORWARD_REFUSED, asking for AllowTcpForwarding', async () => {
    const result = await driver.test(params(tunnel({}, closedBastion)), DEADLINE);
    expect(result).toMatchObject({ errorCode: 'SSH_FORWARD_REFUSED' });
    expect(result.hint).toContain('AllowTcpForwarding');
    await noSessionsLeft(closedBastion);
  });

  it('a wrong database password behind a good tunnel is still AUTH_FAILED', async () => {
    const result = await driver.test(
      params(tunnel(), { password: 'not-the-db-password' }),
      DEADLINE,
    );
    expect(result).toMatchObject({ errorCode: 'AUTH_FAILED' });
    expect(result.stages.at(-1)).toMatchObject({ name: 'authenticate', ok: false });
    await noSessionsLeft();
  });

  it('reads the schema and runs a query through the tunnel, and leaves nothing open', async () => {
    const objects = await driver.introspect(params(tunnel()), { timeoutMs: 10_000 });
    expect(objects.map((o) => `${o.schemaName}.${o.name}`)).toContain('tunnel_check.orders');
    const rows = await driver.query(params(tunnel()), {
      sql: 'select 6 * 7 as answer',
      maxRows: 10,
      timeoutMs: 5000,
      maxBytes: 100_000,
    });
    expect(rows.rows).toEqual([[42]]);
    await noSessionsLeft();
  });
});
