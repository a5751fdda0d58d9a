import { Client } from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addAppDatabase,
  appInBrowser,
  hasChromium,
  requireChromium,
  seriousA11yViolations,
  settleAnimations,
  shot,
  signIn,
  syncEnded,
  type RunningApp,
} from './support';

requireChromium();

const WAREHOUSE = `
create schema ledger;
create schema archive;
create table ledger.finance (id int primary key, label text);
do $$ begin
  for i in 1..40 loop execute format('create table ledger.finance_table_%s (id int)', i); end loop;
  for i in 41..60 loop execute format('create table archive.finance_table_%s (id int)', i); end loop;
end $$;
create table ledger.invoices (id int primary key, finance_code int references ledger.finance(id));
`;

describe.skipIf(!hasChromium)(
  'catalog search at scale: totals, pages, filters, and a hit opened',
  () => {
    let app: RunningApp;
    let page: Page;
    let consoleErrors: string[];
    const results = () => page.getByRole('table', { name: 'Catalog search results' });

    const shared = appInBrowser();

    beforeAll(async () => {
      ({ app, page, consoleErrors } = shared);
      const admin = new Client({ ...app.database, database: 'postgres' });
      await admin.connect();
      await admin.query('create database warehouse');
      await admin.end();
      const warehouse = new Client({ ...app.database, database: 'warehouse' });
      await warehouse.connect();
      await warehouse.query(WAREHOUSE);
      await warehouse.end();
      await signIn(page, `${app.url}/catalog`, 'admin@e2e.sluice', 'e2e-admin-password');
      const id = await addAppDatabase(page, app, 'Warehouse', 'warehouse');
      expect(await syncEnded(page, app, id)).toBe('ready');
    });

    it('says how many match and pages through them, the exact name first', async () => {
      await page.goto(`${app.url}/catalog?q=finance`);
      await page.getByRole('status').getByText('62 tables and views match “finance”').waitFor();
      const names = async () =>
        (await results().locator('tbody tr td:first-child a').allTextContents()).map((t) =>
          t.trim(),
        );
      await expect.poll(async () => (await names()).length).toBe(20);
      expect((await names())[0]).toBe('ledger.finance');
      expect(await page.getByText('1–20 of 62').count()).toBe(1);
      await settleAnimations(page);
      await shot(page, '58-catalog-search-total');
      const first = await names();
      await page.getByRole('button', { name: 'Go to next page' }).click();
      await page.getByText('21–40 of 62').waitFor();
      await expect.poll(async () => (await names())[0]).not.toBe(first[0]);
      expect((await names()).some((n) => first.includes(n))).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    it('narrows by schema and kind, the total following', async () => {
      await page.goto(`${app.url}/catalog?q=finance`);
      await page.getByRole('combobox', { name: 'Schema' }).click();
      await page.getByRole('option', { name: 'archive' }).click();
      await page.getByRole('status').getByText('20 tables and views match “finance”').waitFor();
      await page.getByRole('combobox', { name: 'Kind' }).click();
      await page.getByRole('option', { name: 'View', exact: true }).click();
      await page.getByText('Nothing matches “finance” with these filters.').waitFor();
    });

    it('opens a hit with its table expanded and the column marked; a foreign key leads on', async () => {
      await page.goto(`${app.url}/catalog?q=finance_code`);
      await results().getByRole('link', { name: 'ledger.invoices' }).click();
      const columns = page.getByRole('table', { name: 'Columns of ledger.invoices' });
      await columns.waitFor();
      const marked = columns.locator('tr[aria-current="true"]');
      expect(await marked.locator('td').first().textContent()).toBe('finance_code');
      expect(await marked.locator('mark').count()).toBe(1);
      await settleAnimations(page);
      await shot(page, '59-catalog-hit-opened');
      await columns.getByRole('link', { name: '→ ledger.finance.id' }).click();
      await page.getByRole('table', { name: 'Columns of ledger.finance' }).waitFor();
      // A table's name opens and closes it.
      await page.getByRole('button', { name: 'ledger.finance', exact: true }).click();
      await expect
        .poll(() => page.getByRole('table', { name: 'Columns of ledger.finance' }).count())
        .toBe(0);
      await page.getByRole('button', { name: 'ledger.finance', exact: true }).click();
      await page.getByRole('table', { name: 'Columns of ledger.finance' }).waitFor();
      expect(consoleErrors).toEqual([]);
    });
  },
);
