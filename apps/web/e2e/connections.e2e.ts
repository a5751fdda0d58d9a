import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  actionsInView,
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

describe.skipIf(!hasChromium)('connections, in a real browser against the built app', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    app = await startApp();
    ({ browser, page, consoleErrors } = await openBrowser({
      viewport: { width: 1280, height: 800 },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const dialog = () => page.getByRole('dialog');
  const row = (name: string) =>
    page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });

  it('signs in as the first admin and opens the empty connections page', async () => {
    await signIn(page, `${app.url}/connections`, 'admin@e2e.sluice', 'e2e-admin-password');
    await page.getByText('No connections yet').waitFor();
    await shot(page, '01-empty');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('adds a PostgreSQL connection to a real server: a failing test, a passing test, then create', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Add Connection' }).first().click();
    await dialog().getByLabel('Connection Name').fill('Metadata store');
    await dialog().getByLabel('Description').fill('Sluice’s own PostgreSQL');
    await dialog().getByLabel('Host').fill(app.database.host);
    await dialog().getByLabel('Port').fill(String(app.database.port));
    await dialog().getByLabel('Database Name').fill('sluice');
    await dialog().getByLabel('Username').fill(app.database.user);
    await dialog()
      .getByLabel(/^Password/)
      .fill('not-the-password');
    await dialog().getByRole('button', { name: 'Test Connection' }).click();
    await dialog()
      .getByText(`Password authentication failed for user "${app.database.user}"`)
      .waitFor();
    await dialog().getByText('Check the username and password').waitFor();
    expect(await dialog().getByRole('button', { name: 'Create', exact: true }).isDisabled()).toBe(
      true,
    );
    // Title and actions stay in view at 1440×900 with a failed test shown; the body scrolls.
    expect(await actionsInView(page)).toBe('in view');
    await shot(page, '02-dialog-failed');
    await dialog()
      .getByLabel(/^Password/)
      .fill(app.database.password);
    await dialog().getByRole('button', { name: 'Test Connection' }).click();
    await dialog()
      .getByText(/Connection successful \(\d+ ms\)/)
      .waitFor();
    await dialog()
      .getByText(/Server: PostgreSQL 1\d/)
      .waitFor();
    // A passing test is what enables Create.
    await dialog().getByRole('button', { name: 'Create', exact: true, disabled: false }).waitFor();
    // The embedded server's user is a superuser: a yellow warning of its own, not a green line.
    await dialog().getByText('This credential can write (superuser)').waitFor();
    expect(await actionsInView(page)).toBe('in view');
    await shot(page, '03-dialog-passed');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog().getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Created Metadata store').waitFor();
    // The dialog's test of exactly the saved values is the connection's last test.
    await row('Metadata store').getByText('Connected').waitFor();
    await row('Metadata store').getByText('superuser').waitFor();
    expect(await row('Metadata store').getByText('Untested').count()).toBe(0);
    await shot(page, '03d-list-after-create');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('tests the connection from its row and shows Connected', async () => {
    await row('Metadata store').getByRole('button', { name: 'Test Metadata store' }).click();
    await row('Metadata store').getByText('Connected').waitFor();
    await shot(page, '04-list-connected');
  });

  it('ingests the schema in the background and browses it', async () => {
    // The connection reads Sluice's own metadata database, whose tables include data_connections.
    await row('Metadata store')
      .getByRole('link', { name: 'Schema of Metadata store: ready, browse it' })
      .click({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Schema of Metadata store' }).waitFor();
    await page.getByLabel('Search').fill('data_conn');
    await page.waitForURL(/search=data_conn/);
    const tables = page.getByRole('table', { name: 'Tables and views' });
    await tables.getByText('data_connections', { exact: true }).waitFor();
    await tables
      .getByRole('button', { name: 'Show the columns of public.data_connections' })
      .click();
    const columns = page.getByRole('table', { name: 'Columns of public.data_connections' });
    await columns.getByText('schema_ingested_at', { exact: true }).waitFor();
    await shot(page, '04b-schema-browser');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Catalog' })
      .click();
    await page.getByLabel('Search the catalog').fill('encrypted_credential');
    const results = page.getByRole('table', { name: 'Catalog search results' });
    await results
      .getByText(/^encrypted_credential /)
      .first()
      .waitFor();
    await shot(page, '04c-catalog-search');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${app.url}/connections`);
    await row('Metadata store').waitFor();
  });

  it('edits the connection keeping its stored password', async () => {
    await row('Metadata store').getByRole('button', { name: 'Edit Metadata store' }).click();
    // Said once, under the field; the secret can be shown while typed again.
    expect(await dialog().getByText('Leave blank to keep existing').count()).toBe(1);
    await dialog().getByRole('button', { name: 'Show password' }).waitFor();
    await dialog().getByLabel('Description').fill('Sluice’s own metadata database');
    await dialog().getByRole('button', { name: 'Test Connection' }).click();
    await dialog()
      .getByText(/Connection successful/)
      .waitFor();
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved Metadata store').waitFor();
    await row('Metadata store').getByText('Sluice’s own metadata database').waitFor();
    await row('Metadata store').getByRole('button', { name: 'Test Metadata store' }).click();
    await page.getByText(/Metadata store: connection successful/).waitFor();
  });

  it('asks for the password again once the port changes: a stored one only goes to its own server', async () => {
    for (const viewport of [
      { width: 1440, height: 900, name: '03b-edit-moved' },
      { width: 390, height: 844, name: '03c-edit-moved-mobile' },
    ]) {
      await page.setViewportSize(viewport);
      await row('Metadata store').getByRole('button', { name: 'Edit Metadata store' }).click();
      const password = dialog().getByLabel(/^Password/);
      await dialog().getByLabel('Port').fill('5999');
      await dialog()
        .getByText('Type it again: a stored secret is only sent to the server it was saved for')
        .waitFor();
      expect(await password.getAttribute('required')).not.toBeNull();
      expect(await password.getAttribute('placeholder')).toBeNull();
      await password.scrollIntoViewIfNeeded();
      await shot(page, viewport.name);
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      await dialog().waitFor({ state: 'detached' });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('searches and filters, keeping both in the URL', async () => {
    await page.getByRole('button', { name: 'Add Connection' }).first().click();
    await dialog().getByLabel('Connection Name').fill('Shop MySQL');
    await dialog().getByLabel('Database Type').click();
    await page.getByRole('option', { name: 'MySQL / MariaDB' }).click();
    await dialog().getByLabel('Host').fill('127.0.0.1');
    await dialog().getByLabel('Port').fill('1');
    await dialog().getByRole('button', { name: 'Test Connection' }).click();
    await dialog().getByRole('button', { name: 'Save without a passing test' }).click();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText('Created Shop MySQL').waitFor();
    await page.getByLabel('Search').fill('metadata');
    await page.waitForURL(/search=metadata/);
    await row('Shop MySQL').waitFor({ state: 'detached' });
    await row('Metadata store').waitFor();
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Database type').click();
    await page.getByRole('option', { name: 'MySQL / MariaDB' }).click();
    await page.waitForURL(/dbType=mysql/);
    await row('Metadata store').waitFor({ state: 'detached' });
    await row('Shop MySQL').waitFor();
    await page.reload();
    await row('Shop MySQL').waitFor();
    expect(await row('Metadata store').count()).toBe(0);
    expect(await page.getByLabel('Database type').textContent()).toContain('MySQL');
  });

  it('shows one saved after a failing test as Failed, filters by status, disables and enables it', async () => {
    // Saved with "Save without a passing test": the dialog's failed test is its last test.
    await row('Shop MySQL').getByText('Failed').waitFor();
    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Failing (last test)' }).click();
    await page.waitForURL(/status=failing/);
    await row('Shop MySQL').getByRole('button', { name: 'Disable Shop MySQL' }).click();
    await page.getByText('Disabled Shop MySQL').waitFor();
    await row('Shop MySQL').waitFor({ state: 'detached' }); // no longer failing: disabled
    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Disabled' }).click();
    await row('Shop MySQL').getByText('Disabled', { exact: true }).waitFor();
    expect(
      await row('Shop MySQL').getByRole('button', { name: 'Test Shop MySQL' }).isDisabled(),
    ).toBe(true);
    await shot(page, '04d-list-disabled');
    await row('Shop MySQL').getByRole('button', { name: 'Enable Shop MySQL' }).click();
    await page.getByText('Enabled Shop MySQL').waitFor();
    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Any status' }).click();
    await row('Shop MySQL').getByText('Failed').waitFor();
  });

  it('deletes a connection after confirming', async () => {
    await row('Shop MySQL').getByRole('button', { name: 'Delete Shop MySQL' }).click();
    await page
      .getByRole('dialog', { name: 'Delete Shop MySQL?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('Deleted Shop MySQL').waitFor();
    await page.getByText('No connections match').waitFor();
  });

  it('fits a 390 px wide screen', async () => {
    await page.goto(`${app.url}/connections`);
    await row('Metadata store').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '05-mobile');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('offers to sign out everywhere from the sign-out menu', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'More sign-out options' }).click();
    await page.getByRole('menuitem', { name: 'Sign out everywhere' }).waitFor();
    await shot(page, '08-sign-out-menu');
    await page.keyboard.press('Escape');
    await page
      .getByRole('menuitem', { name: 'Sign out everywhere' })
      .waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('follows a dark system theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${app.url}/connections`);
    await row('Metadata store').waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    await shot(page, '06-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a viewer no Connections entry and a no-access page at its URL', async () => {
    const api = await page.request.post(`${app.url}/api/users`, {
      headers: { origin: app.url },
      data: {
        email: 'viewer@e2e.sluice',
        name: 'Vera Viewer',
        role: 'viewer',
        password: 'viewer-password-1',
      },
    });
    expect(api.status()).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, `${app.url}/connections`, 'viewer@e2e.sluice', 'viewer-password-1');
    await page.getByRole('heading', { name: 'You don’t have access' }).waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Connections' })
        .count(),
    ).toBe(0);
    await shot(page, '07-viewer');
  });

  it('wrote nothing to the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
