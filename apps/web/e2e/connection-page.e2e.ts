import { createServer, type Server } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addConnection,
  createMetadataStore,
  appInBrowser,
  hasChromium,
  requireChromium,
  seriousA11yViolations,
  settleAnimations,
  shot,
  signIn,
  type RunningApp,
} from './support';

requireChromium();

/** A port where nothing listens: bound, then closed. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe.skipIf(!hasChromium)('a page for each connection, and an audit log to read', () => {
  let app: RunningApp;
  let page: Page;
  let consoleErrors: string[];
  let storeId: string;

  const shared = appInBrowser();

  beforeAll(async () => {
    ({ app, page, consoleErrors } = shared);
    await signIn(page, `${app.url}/connections`, 'admin@e2e.sluice', 'e2e-admin-password');
    storeId = await createMetadataStore(page, app);
    const id = await addConnection(page, app, {
      name: 'Closed port',
      dbType: 'postgresql',
      host: '127.0.0.1',
      port: await closedPort(),
      databaseName: 'nowhere',
      username: 'nobody',
      password: 'not-used-here',
    });
    await page.request.post(`${app.url}/api/connections/${id}/test`, {
      headers: { origin: app.url },
    });
  });

  it('a failing row’s chip opens the page with the test’s message, hint and stages', async () => {
    await page.goto(`${app.url}/connections`);
    await page.getByRole('link', { name: /^Failed: .* Open Closed port$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Closed port' }).waitFor();
    const lastTest = page.getByRole('region', { name: 'Last test' });
    await lastTest.getByText('Failed at: connect', { exact: false }).waitFor();
    expect(await lastTest.textContent()).toMatch(/refused/i);
    expect(await lastTest.getByLabel('Stages').textContent()).toContain('connect ✗');
    const activity = page.getByRole('region', { name: 'Recent activity' });
    await activity.getByText('Created a connection').waitFor();
    expect(await activity.textContent()).toContain('Administrator');
    expect(await page.content()).not.toContain('not-used-here');
  });

  it('tests, edits, disables and enables from the page; the activity says who did it', async () => {
    await page.goto(`${app.url}/connections/${storeId}`);
    await page.getByRole('heading', { level: 1, name: 'Metadata store' }).waitFor();
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const lastTest = page.getByRole('region', { name: 'Last test' });
    await lastTest.getByText(/^Connection successful/).waitFor();
    expect(await lastTest.textContent()).toContain('PostgreSQL');

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Description').fill('Sluice’s own metadata database');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Sluice’s own metadata database').first().waitFor();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings
      .getByText(/by Administrator$/)
      .last()
      .waitFor();
    const activity = page.getByRole('region', { name: 'Recent activity' });
    await activity.getByText('Changed a connection').waitFor();
    expect(await activity.textContent()).toContain('description');

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByText(/^Disabled: it is not tested/).waitFor();
    expect(await page.getByRole('button', { name: 'Test', exact: true }).isDisabled()).toBe(true);
    await settleAnimations(page);
    await shot(page, '50-connection-page-disabled');
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('button', { name: 'Test', exact: true, disabled: false }).waitFor();
    await activity.getByText('Enabled a connection').waitFor();
    await settleAnimations(page);
    await shot(page, '51-connection-page');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Browse its schema' }).click();
    await page.getByRole('heading', { level: 1, name: 'Schema of Metadata store' }).waitFor();
    await page
      .getByRole('navigation', { name: 'breadcrumb' })
      .getByRole('link', {
        name: 'Metadata store',
      })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Metadata store' }).waitFor();
  });

  it('the audit log names people and resources, filters by group and exports CSV', async () => {
    await page.goto(`${app.url}/audit`);
    await page.getByRole('combobox', { name: 'Actions' }).click();
    await page.getByRole('option', { name: 'Connections' }).click();
    await page.waitForURL(/action=connections/);
    const table = page.getByRole('table', { name: 'Audit events' });
    await expect.poll(async () => (await table.textContent()) ?? '').not.toContain('Signed in');
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Changed a connection');
    expect(text).toContain('Metadata store');
    expect(text).not.toContain('{"');
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toBe('/api/audit-events/export?action=connections');
    const csv = await page.request.get(`${app.url}${href}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines.slice(1).every((l) => /,connections:[a-z_]+,/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('Administrator,admin@e2e.sluice,connections:update'))).toBe(
      true,
    );
    await settleAnimations(page);
    await shot(page, '52-audit');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await table.getByText('Changed a connection').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await shot(page, '53-audit-390');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${app.url}/connections/${storeId}`);
    await page.getByRole('heading', { level: 1, name: 'Metadata store' }).waitFor();
    await settleAnimations(page);
    await shot(page, '54-connection-page-390');
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(consoleErrors).toEqual([]);
  });
});
