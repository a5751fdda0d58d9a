import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  createMetadataStore,
  hasChromium,
  openBrowser,
  requireChromium,
  seriousA11yViolations,
  settleAnimations,
  shot,
  signIn,
  startApp,
  type RunningApp,
} from './support';

requireChromium();

const SQL = "select n, 'row ' || n as label from generate_series(1, 20000) n";

describe.skipIf(!hasChromium)('the query console and API tokens, in a real browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  let connectionId: string;

  beforeAll(async () => {
    app = await startApp();
    ({ browser, page, consoleErrors } = await openBrowser({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    }));
    await signIn(page, app.url, 'admin@e2e.sluice', 'e2e-admin-password');
    connectionId = await createMetadataStore(page, app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const editor = () => page.getByRole('textbox', { name: 'SQL editor' });
  const write = async (sql: string) => {
    await editor().click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(sql);
    await page.keyboard.press('Escape'); // closes the completion list, as a person would
  };

  it('runs a query with Ctrl+Enter and shows a virtualised grid, the row count and the cut', async () => {
    await page.getByRole('link', { name: 'Query' }).click();
    await page.getByLabel('Connection').click();
    await page.getByRole('option', { name: /Metadata store/ }).click();
    expect(page.url()).toContain(`connection=${connectionId}`);
    await write(SQL);
    await page.keyboard.press('Control+Enter');
    await page.getByText(/^500 rows · \d+ ms$/).waitFor();
    await page.getByText(/The result was cut at 500 rows/).waitFor();
    await page.getByLabel('Row limit').click();
    await page.getByRole('option', { name: '10,000' }).click();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/^10,000 rows · \d+ ms$/).waitFor();
    const grid = page.getByRole('region', { name: 'Results' });
    expect(await grid.locator('tbody tr:not([aria-hidden])').count()).toBeLessThan(60);
    expect(await grid.getByRole('cell', { name: 'row 1', exact: true }).isVisible()).toBe(true);
    await shot(page, '20-query-results');
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await grid.getByRole('cell', { name: 'row 10000', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('downloads the rows as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const text = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(text[0]).toBe('n,label');
    expect(text[1]).toBe('1,row 1');
    expect(text).toHaveLength(10_001);
  });

  it('shows a parse error at its line and column, and a refused write with its reason', async () => {
    await write('select *\nfron users');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText('QUERY_UNPARSABLE at line 2, column 1').waitFor();
    await write('delete from users');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('alert').getByText('QUERY_NOT_READ_ONLY', { exact: true }).waitFor();
    await page.getByText(/DELETE is not a read-only statement/).waitFor();
    await shot(page, '21-query-refused');
    await page
      .getByRole('button', { name: /delete from users/ })
      .first()
      .waitFor();
  });

  it('shows the elapsed time of a long query, and Cancel stops it', async () => {
    await write('select count(*) from generate_series(1, 100000000000)');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/^Running… \d+\.\d s$/).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('You cancelled the query.').waitFor();
    expect(await page.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true);
  });

  it('is usable at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await write('select 1 as one');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/^1 row · \d+ ms$/).waitFor();
    const run = await page.getByRole('button', { name: 'Run' }).boundingBox();
    expect(run && run.x + run.width <= 390).toBe(true);
    await shot(page, '22-query-narrow');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('creates an API token shown once, which a tool uses until it is revoked', async () => {
    await page.getByRole('button', { name: /Administrator/ }).click();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('dialog').getByLabel(/^Name/).fill('Nightly ETL');
    await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
    await page.getByText('you won’t see it again', { exact: false }).waitFor();
    const token = await page.getByRole('textbox', { name: 'Token' }).inputValue();
    expect(token).toMatch(/^sluice_pat_[0-9A-Za-z]{43}$/);
    await shot(page, '23-token-created');
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Nightly ETL' });
    await row.getByText('connections:query').waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    const ask = () =>
      fetch(`${app.url}/api/connections/${connectionId}/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sql: 'select 42 as answer' }),
      });
    const answer = await ask();
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { rows: unknown[][] } }).data.rows).toEqual([[42]]);
    await page.reload();
    await row.getByText('Never').waitFor({ state: 'detached' });
    await shot(page, '24-tokens');
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Revoke Nightly ETL' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await ask()).status).toBe(401);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The refused statements above answered 422, which Chromium logs as a failed load: nothing else.
    expect(consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });

  it('lets an admin set a write credential, test it, and write in Write mode only', async () => {
    await page.goto(`${app.url}/connections`);
    await page.getByRole('button', { name: 'Write credential of Metadata store' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('No write credential').waitFor();
    await dialog.getByLabel('Write username').fill(app.database.user);
    await dialog.getByLabel(/^Write password/).fill(app.database.password);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(`Set: writes run as “${app.database.user}”.`).waitFor();
    await dialog.getByRole('button', { name: 'Test write credential' }).click();
    await dialog
      .getByText(/Connection successful|connected/i)
      .first()
      .waitFor();
    await shot(page, '25-write-credential');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Query Metadata store' }).click();
    await page.getByLabel('Write mode').check();
    await page.getByText(/Write mode: the statement runs as/).waitFor();
    await write('create table e2e_scratch (n int)');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/^0 rows · \d+ ms/).waitFor();
    await write('insert into e2e_scratch values (1), (2)');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/· 2 changed$/).waitFor();
    await shot(page, '26-write-mode');
    await page.getByLabel('Write mode').uncheck();
    await write('insert into e2e_scratch values (3)');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('alert').getByText('QUERY_NOT_READ_ONLY', { exact: true }).waitFor();
    await write('select count(*) as n from e2e_scratch');
    await page.getByRole('button', { name: 'Run' }).click();
    await page
      .getByRole('region', { name: 'Results' })
      .getByRole('cell', { name: '2', exact: true })
      .waitFor();
  });

  it("shows a Viewer the catalog with the connection's name only, and no connection", async () => {
    const viewer = { email: 'viewer@e2e.sluice', password: 'viewer-password-1' };
    const made = await page.request.post(`${app.url}/api/users`, {
      headers: { origin: app.url },
      data: { ...viewer, name: 'Vera Viewer', role: 'viewer' },
    });
    expect(made.status()).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const other = await context.newPage();
    await settleAnimations(other);
    await signIn(other, app.url, viewer.email, viewer.password);
    await other.getByText(/Browses and searches the catalog/).waitFor();
    const nav = other.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Catalog']);
    await nav.getByRole('link', { name: 'Catalog' }).click();
    await other.getByLabel('Search the catalog').fill('audit_events');
    const results = other.getByRole('table', { name: 'Catalog search results' });
    await results.getByText('Metadata store').first().waitFor({ timeout: 30_000 });
    await results.getByRole('link').first().click();
    await other.getByRole('heading', { name: 'Schema of Metadata store' }).waitFor();
    await other.getByRole('link', { name: 'Catalog' }).first().waitFor();
    expect(await other.getByText(app.database.host).count()).toBe(0);
    await shot(other, '27-viewer-schema');
    expect(await seriousA11yViolations(other)).toEqual([]);
    await other.getByRole('button', { name: /Vera Viewer/ }).click();
    await other.getByRole('menuitem', { name: 'Profile and password' }).click();
    await other.getByLabel(/^Current password/).fill(viewer.password);
    await other.getByLabel(/^New password$/).fill('a-new-viewer-password');
    await other.getByLabel(/^New password again/).fill('a-new-viewer-password');
    await other.getByRole('button', { name: 'Change password' }).click();
    await other.getByText('Password changed: your other sessions were signed out').waitFor();
    await shot(other, '28-profile');
    expect(await seriousA11yViolations(other)).toEqual([]);
    await context.close();
  });
});
