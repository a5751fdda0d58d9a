import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSilentServer, type SilentServer } from '../../api/test/support/silent-server';
import { until } from '../../api/test/support/until';
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

describe.skipIf(!hasChromium)(
  'the connection dialog: type first, a test you can watch and stop',
  () => {
    let app: RunningApp;
    let silent: SilentServer;
    let browser: Browser;
    let page: Page;
    let consoleErrors: string[];
    const dialog = () => page.getByRole('dialog', { name: 'Add Connection' });

    beforeAll(async () => {
      [app, silent] = await Promise.all([
        startApp({ CONNECTION_TEST_TIMEOUT_MS: '8000' }),
        startSilentServer(),
      ]);
      ({ browser, page, consoleErrors } = await openBrowser({
        viewport: { width: 1440, height: 900 },
      }));
      await signIn(page, `${app.url}/connections`, 'admin@e2e.sluice', 'e2e-admin-password');
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await silent?.close();
    });

    it('finds a type by typing part of its name, before any other field', async () => {
      await page.getByRole('button', { name: 'Add Connection' }).first().click();
      const type = dialog().getByLabel('Database Type');
      // The type is the first field of the form.
      const first = await dialog().locator('input, textarea').first().getAttribute('id');
      expect(first).toBe(await type.getAttribute('id'));
      await type.click();
      await type.fill('maria');
      const options = page.getByRole('option');
      await expect.poll(() => options.count()).toBe(1);
      await shot(page, '55-dialog-type-picker');
      await page.getByRole('option', { name: 'MySQL / MariaDB' }).click();
      expect(await dialog().getByLabel(/^Port/).inputValue()).toBe('3306');
      await type.click();
      await type.fill('postg');
      await page.getByRole('option', { name: 'PostgreSQL' }).click();
      expect(await dialog().getByLabel(/^Port/).inputValue()).toBe('5432');
      await dialog().getByText('Schemas to read').waitFor();
    });

    it('shows the elapsed time while testing, and cancels without closing the dialog', async () => {
      await dialog().getByLabel('Connection Name').fill('Not PostgreSQL');
      await dialog().getByLabel(/^Host/).fill('127.0.0.1');
      await dialog().getByLabel(/^Port/).fill(String(silent.port));
      await dialog().getByLabel('Database Name').fill('shop');
      await dialog().getByLabel('Username').fill('app');
      await dialog().getByLabel('Password', { exact: true }).fill('typed-secret');
      await dialog().getByLabel('Include schemas').fill('sales, finance_*');
      await dialog().getByRole('button', { name: 'Test Connection' }).click();
      // The stages come as the server passes them: connected, now waiting for a login answer.
      const stages = dialog().getByRole('list', { name: 'Test stages' });
      await stages.getByLabel('connect: passed').waitFor();
      await stages.getByLabel('authenticate: under way').waitFor();
      await dialog().getByText('Testing… 1 s').waitFor();
      expect(await stages.textContent()).toMatch(
        /^resolve ✓ \d+ ms →connect ✓ \d+ ms →authenticate …\s*→query$/,
      );
      expect(silent.openSockets()).toBe(1);
      await shot(page, '56-dialog-testing');
      await page.setViewportSize({ width: 390, height: 844 });
      await dialog().getByRole('button', { name: 'Cancel test' }).scrollIntoViewIfNeeded();
      await shot(page, '56b-dialog-testing-390');
      await page.setViewportSize({ width: 1440, height: 900 });
      const cancelledAt = Date.now();
      await dialog().getByRole('button', { name: 'Cancel test' }).click();
      await dialog().getByRole('button', { name: 'Test Connection', disabled: false }).waitFor();
      expect(
        await dialog()
          .getByText(/Testing…/)
          .count(),
      ).toBe(0);
      expect(await dialog().getByRole('status').count()).toBe(0);
      expect(await dialog().getByLabel('Connection Name').inputValue()).toBe('Not PostgreSQL');
      // The server ends the test when the dialog lets go of it, not at its 8 s deadline.
      await until(() => expect(silent.openSockets()).toBe(0), 12_000);
      expect(Date.now() - cancelledAt).toBeLessThan(6_000);
      expect(silent.accepted()).toBeGreaterThan(0);
    });

    it('a silence after the connect is not blamed on a firewall', async () => {
      await dialog().getByRole('button', { name: 'Test Connection' }).click();
      const result = dialog().getByRole('status');
      await result.waitFor({ timeout: 20_000 });
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('accepted the connection but did not answer as PostgreSQL would');
      expect(text).not.toMatch(/firewall/i);
      expect(await actionsInView(page)).toBe('in view');
      await shot(page, '57-dialog-silent');
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await page.content()).not.toContain('typed-secret');
      await until(() => expect(silent.openSockets()).toBe(0), 12_000);
      expect(consoleErrors).toEqual([]);
    });
  },
);
