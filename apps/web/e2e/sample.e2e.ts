import { describe, expect, it } from 'vitest';
import {
  appInBrowser,
  hasChromium,
  requireChromium,
  seriousA11yViolations,
  settleAnimations,
  shot,
  signIn,
} from './support';

requireChromium();

describe.skipIf(!hasChromium)('a newcomer has something to connect to', () => {
  const s = appInBrowser();

  it('adds the sample database from the empty page: tested, read, searchable', async () => {
    const { app, page, consoleErrors } = s;
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
