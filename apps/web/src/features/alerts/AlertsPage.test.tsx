import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { NotificationChannel } from '@sluice/contracts';
import { server } from '../../test/server';
import { problem, signedInAs } from '../../test/fixtures';
import { renderApp } from '../../test/render';

function channelsApi() {
  const rows: NotificationChannel[] = [];
  const created: unknown[] = [];
  const handlers = [
    http.get('/api/notification-channels', () => HttpResponse.json({ data: rows })),
    http.post('/api/notification-channels', async ({ request }) => {
      const body = (await request.json()) as { name: string; kind: 'slack'; url: string };
      created.push(body);
      if (body.url.includes('10.0.0.1'))
        return problem(400, 'Invalid url', {
          errors: [
            {
              path: 'url',
              message: "has a host (10.0.0.1) this server's network policy does not allow",
            },
          ],
        });
      const row: NotificationChannel = {
        id: '44444444-4444-4444-8444-000000000001',
        name: body.name,
        kind: body.kind,
        target: new URL(body.url).host,
        enabled: true,
        createdAt: new Date().toISOString(),
        lastDeliveryAt: null,
        lastDeliveryOk: null,
        lastDeliveryMessage: null,
      };
      rows.push(row);
      return HttpResponse.json({ data: row }, { status: 201 });
    }),
    http.post('/api/notification-channels/:id/test', () => {
      Object.assign(rows[0]!, {
        lastDeliveryAt: new Date().toISOString(),
        lastDeliveryOk: true,
        lastDeliveryMessage: 'HTTP 200',
      });
      return HttpResponse.json({ data: { ok: true, message: 'HTTP 200' } });
    }),
  ];
  return { handlers, rows, created };
}

describe('AlertsPage', () => {
  it('adds a Slack channel (the URL is a secret field), then sends it a test', async () => {
    const api = channelsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    renderApp('/alerts');
    expect(await screen.findByText(/No channel yet/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add channel' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add notification channel' });
    await userEvent.type(within(dialog).getByLabelText(/^Name/), '#data-oncall');
    await userEvent.type(within(dialog).getByLabelText(/^Webhook URL/), 'https://10.0.0.1/x');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add channel' }));
    expect(await within(dialog).findByText(/URL has a host \(10.0.0.1\)/)).toBeInTheDocument();
    const url = within(dialog).getByLabelText(/^Webhook URL/);
    expect(url).toHaveAttribute('type', 'password');
    await userEvent.clear(url);
    await userEvent.type(url, 'https://hooks.slack.com/services/T0/B0/secret');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add channel' }));
    expect(await screen.findByText('#data-oncall')).toBeInTheDocument();
    expect(screen.getByText('hooks.slack.com')).toBeInTheDocument();
    expect(screen.queryByText(/secret/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send test to #data-oncall' }));
    expect(
      await screen.findByText('Sent a test alert to #data-oncall (HTTP 200)'),
    ).toBeInTheDocument();
    expect(await screen.findByText(/Delivered ·/)).toBeInTheDocument();
  });

  it('is not in a contributor’s navigation', async () => {
    server.use(signedInAs('contributor'));
    renderApp('/');
    await screen.findByRole('link', { name: 'Connections' });
    expect(screen.queryByRole('link', { name: 'Alerts' })).not.toBeInTheDocument();
  });
});
