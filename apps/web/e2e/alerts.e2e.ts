import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../api/test/support/webhook-receiver';
import {
  hasChromium,
  openBrowser,
  requireChromium,
  seriousA11yViolations,
  shot,
  signIn,
  startApp,
  type RunningApp,
} from './support';

requireChromium();

describe.skipIf(!hasChromium)('alerts, in Chromium against the built app', () => {
  let app: RunningApp;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    [app, receiver] = await Promise.all([startApp(), startWebhookReceiver()]);
    ({ browser, page, consoleErrors } = await openBrowser({
      viewport: { width: 1440, height: 900 },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await receiver?.close();
  });

  it('adds a Slack channel, sends it a test, and shows the delivery', async () => {
    await signIn(page, `${app.url}/alerts`, 'admin@e2e.sluice', 'e2e-admin-password');
    await page.getByText('No channel yet', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add notification channel' });
    await dialog.getByLabel(/^Name/).fill('#data-oncall');
    await dialog.getByLabel(/^Webhook URL/).fill(`${receiver.base}/services/T0/B0/e2e-secret`);
    await shot(page, '40-alerts-add');
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('cell', { name: '#data-oncall', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send test to #data-oncall' }).click();
    await page.getByText('Sent a test alert to #data-oncall (HTTP 200)').waitFor();
    await page.getByText(/Delivered ·/).waitFor();
    expect(String(receiver.on('/services/T0/B0/e2e-secret')[0]?.body['text'])).toContain(
      'Sluice test alert',
    );
    expect(await page.content()).not.toContain('e2e-secret');
    await shot(page, '41-alerts-list');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('reads at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('cell', { name: '#data-oncall', exact: true }).waitFor();
    await shot(page, '42-alerts-narrow');
    expect(consoleErrors).toEqual([]);
  });
});
