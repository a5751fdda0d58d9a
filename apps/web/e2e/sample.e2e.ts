import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
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

describe.skipIf(!hasChromium)('a newcomer has something to connect to', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    app = await startApp();
    ({ browser, page, consoleErrors } = await openBrowser({
      viewport: { width: 1440, height: 900 },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('adds the sample database from the empty page: tested, read, searchable', async () => {
    await signIn(page, `${app.url}/connections`, 'admin@e2e.sluice', 'e2e-admin-password');
    await page.getByText('No connections yet').waitFor();
    await settleAnimations(page);
    await shot(page, '60-empty-with-sample');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add the sample database' }).click();
    await page.getByText('Added Sample shop: its schema is being read').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Sample shop' });
    await row.getByText('Connected').waitFor();
    await row
      .getByRole('link', { name: /Schema of Sample shop: ready/ })
      .waitFor({ timeout: 20_000 });
    await page.goto(`${app.url}/catalog?q=amount%20paid`);
    const results = page.getByRole('table', { name: 'Catalog search results' });
    await results.getByRole('link', { name: 'main.payments' }).waitFor();
    await settleAnimations(page);
    await shot(page, '61-sample-catalog');
    expect(consoleErrors).toEqual([]);
  });
});
