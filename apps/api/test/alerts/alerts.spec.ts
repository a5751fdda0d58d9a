import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, DeliveryResult, NotificationChannel } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { postgresTarget } from '../support/target';
import { freePort } from '../support/free-port';
import { until } from '../support/until';
import { waitForSchema } from '../support/schema-sync';

const SECRET_PATH = '/hooks/T000/B000/very-secret-token';

describe('alerts: notification channels and state changes, against a local webhook receiver', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let token: string;
  const channels: Record<string, NotificationChannel> = {};

  beforeAll(async () => {
    [t, receiver] = await Promise.all([
      createTestApp({
        SLUICE_ROLE: 'all',
        ALERT_RETRY_DELAY_SECONDS: '1',
        PUBLIC_URL: 'https://sluice.example.com',
      }),
      startWebhookReceiver(),
    ]);
    token = await t.adminToken();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const add = async (kind: string, path: string) => {
    const res = await t.request('POST', '/api/notification-channels', {
      token,
      body: { name: unique(kind), kind, url: `${receiver.base}${path}` },
    });
    expect(res.status, res.body).toBe(201);
    return res.json<{ data: NotificationChannel }>().data;
  };

  it('admins add channels; the URL is never returned, only its host', async () => {
    channels.webhook = await add('webhook', `${SECRET_PATH}/webhook`);
    channels.slack = await add('slack', `${SECRET_PATH}/slack`);
    channels.teams = await add('teams', `${SECRET_PATH}/teams`);
    expect(channels.webhook).toMatchObject({
      kind: 'webhook',
      target: receiver.base.replace('http://', ''),
      enabled: true,
      lastDeliveryOk: null,
    });
    const list = await t.request('GET', '/api/notification-channels', { token });
    expect(list.json<{ data: NotificationChannel[] }>().data).toHaveLength(3);
    expect(list.body).not.toContain('very-secret-token');
  });

  it('refuses a URL that is not http(s), naming the field; contributors may not manage channels', async () => {
    const bad = await t.request('POST', '/api/notification-channels', {
      token,
      body: { name: 'x', kind: 'slack', url: 'file:///etc/passwd' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toContain('"url"');
    const contributor = await t.userWithRole('contributor');
    const res = await t.request('GET', '/api/notification-channels', { token: contributor.token });
    expect(res.status).toBe(403);
  });

  it('"Send test" delivers now and says how it went', async () => {
    const res = await t.request('POST', `/api/notification-channels/${channels.slack!.id}/test`, {
      token,
    });
    expect(res.json<{ data: DeliveryResult }>().data).toEqual({ ok: true, message: 'HTTP 200' });
    const [sent] = receiver.on(`${SECRET_PATH}/slack`);
    expect(String(sent?.body['text'])).toContain('Sluice test alert');
    receiver.answer(`${SECRET_PATH}/webhook`, 404);
    const failed = await t.request(
      'POST',
      `/api/notification-channels/${channels.webhook!.id}/test`,
      {
        token,
      },
    );
    expect(failed.json<{ data: DeliveryResult }>().data).toEqual({
      ok: false,
      message: 'HTTP 404',
    });
    const list = await t.request('GET', '/api/notification-channels', { token });
    const webhook = list
      .json<{ data: NotificationChannel[] }>()
      .data.find((c) => c.kind === 'webhook');
    expect(webhook).toMatchObject({ lastDeliveryOk: false, lastDeliveryMessage: 'HTTP 404' });
  });

  let connection: Connection;
  const testIt = () => t.request('POST', `/api/connections/${connection.id}/test`, { token });
  const alertsOf = (event: string) =>
    receiver.on(`${SECRET_PATH}/webhook`).filter((r) => r.body['event'] === event);

  it('down after 2 failed checks: one alert per channel, none while it stays down', async () => {
    const target = postgresTarget();
    const res = await t.request('POST', '/api/connections', {
      token,
      body: { ...target, port: await freePort(), name: unique('flaky') },
    });
    connection = res.json<{ data: Connection }>().data;
    await testIt();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(alertsOf('connection.down')).toHaveLength(0);
    await testIt();
    await until(() => expect(alertsOf('connection.down')).toHaveLength(1), 10_000);
    const down = alertsOf('connection.down')[0]!.body;
    expect(down).toMatchObject({
      event: 'connection.down',
      title: `${connection.name} is down`,
      connection: { id: connection.id, name: connection.name, dbType: 'postgresql' },
      errorCode: 'CONNECTION_REFUSED',
      url: `https://sluice.example.com/connections?search=${encodeURIComponent(connection.name)}`,
    });
    expect(down['hint']).toContain('Check the port');
    await until(() => {
      const slack = receiver.on(`${SECRET_PATH}/slack`).map((r) => String(r.body['text']));
      expect(slack.some((text) => text.includes(`*${connection.name} is down*`))).toBe(true);
      const teams = receiver.on(`${SECRET_PATH}/teams`);
      expect(JSON.stringify(teams)).toContain('application/vnd.microsoft.card.adaptive');
    }, 10_000);
    await testIt();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(alertsOf('connection.down')).toHaveLength(1);
  });

  it('the first success after that is a recovery, retried until the channel takes it', async () => {
    receiver.answer(`${SECRET_PATH}/webhook`, 500);
    const target = postgresTarget();
    const patched = await t.request('PATCH', `/api/connections/${connection.id}`, {
      token,
      body: { port: target.port, password: target.password },
    });
    expect(patched.status, patched.body).toBe(200);
    const tested = await testIt();
    expect(tested.json<{ data: { success: boolean } }>().data.success).toBe(true);
    // The first try got a 500; the queue tries again a second later.
    await until(() => expect(alertsOf('connection.recovered')).toHaveLength(2), 15_000);
    // The channel's last delivery is written once the receiver's 200 is back: polled as well.
    await until(async () => {
      const list = await t.request('GET', '/api/notification-channels', { token });
      const webhook = list
        .json<{ data: NotificationChannel[] }>()
        .data.find((c) => c.kind === 'webhook');
      expect(webhook).toMatchObject({ lastDeliveryOk: true, lastDeliveryMessage: 'HTTP 200' });
    }, 5_000);
  });

  it('a schema sync that fails for good alerts once', async () => {
    const target = postgresTarget();
    const res = await t.request('POST', '/api/connections', {
      token,
      body: { ...target, password: 'not-the-password', name: unique('badsync') },
    });
    const bad = res.json<{ data: Connection }>().data;
    await waitForSchema(t, bad.id, ['failed']);
    await until(() => {
      const failed = alertsOf('sync.failed').filter(
        (r) => (r.body['connection'] as { id: string }).id === bad.id,
      );
      expect(failed).toHaveLength(1);
      expect(failed[0]!.body['errorCode']).toBe('AUTH_FAILED');
    }, 10_000);
  });

  it('the URL is in no log line and no audit event', async () => {
    const audit = await t.request('GET', '/api/audit-events?action=alerts:channel_create', {
      token,
    });
    expect(audit.json<{ data: { items: unknown[] } }>().data.items).toHaveLength(3);
    for (const text of [audit.body, t.logs.join('\n')])
      expect(text).not.toContain('very-secret-token');
  });
});

describe('alerts: the network policy applies to webhook URLs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ BLOCK_PRIVATE_NETWORKS: 'true' })));
  afterAll(() => t?.close());

  it('refuses a channel to a blocked address with a 400 on url, and stores nothing', async () => {
    const token = await t.adminToken();
    const res = await t.request('POST', '/api/notification-channels', {
      token,
      body: { name: 'internal', kind: 'webhook', url: 'http://127.0.0.1:9/hook' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('network policy');
    expect(res.body).toContain('"url"');
    const list = await t.request('GET', '/api/notification-channels', { token });
    expect(list.json<{ data: unknown[] }>().data).toEqual([]);
  });
});
