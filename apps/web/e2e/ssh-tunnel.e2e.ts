import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasSshd, requireSshd, startBastion, type Bastion } from '../../api/test/support/sshd';
import {
  actionsInView,
  hasChromium,
  openBrowser,
  requireChromium,
  seriousA11yViolations,
  shot,
  signIn,
  startApp,
  syncEnded,
  type RunningApp,
} from './support';

requireChromium();
requireSshd();

/**
 * A database only a bastion can reach: the network policy blocks loopback and allows only the
 * bastion's 127.0.0.2, so the connection passes only if Sluice really goes through the tunnel.
 */
describe.skipIf(!hasChromium || !hasSshd)(
  'a connection through an SSH bastion, in Chromium',
  () => {
    let app: RunningApp;
    let bastion: Bastion;
    let browser: Browser;
    let page: Page;
    let consoleErrors: string[];

    beforeAll(async () => {
      [app, bastion] = await Promise.all([
        startApp({ BLOCK_PRIVATE_NETWORKS: 'true', CONNECTION_ALLOWED_CIDRS: '127.0.0.2/32' }),
        startBastion(),
      ]);
      ({ browser, page, consoleErrors } = await openBrowser({
        viewport: { width: 1440, height: 900 },
      }));
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await bastion?.stop();
    });

    const dialog = () => page.getByRole('dialog');

    it('creates a connection through the tunnel with a pasted key; the host key is pinned', async () => {
      await signIn(page, `${app.url}/connections`, 'admin@e2e.sluice', 'e2e-admin-password');
      await page.getByRole('button', { name: 'Add Connection' }).first().click();
      await dialog().getByLabel('Connection Name').fill('Behind the bastion');
      await dialog().getByLabel(/^Host/).fill(app.database.host);
      await dialog().getByLabel(/^Port/).fill(String(app.database.port));
      await dialog().getByLabel('Database Name').fill('sluice');
      await dialog()
        .getByLabel(/^Username/)
        .fill(app.database.user);
      await dialog()
        .getByLabel(/^Password/)
        .fill(app.database.password);
      // Directly, the policy refuses the database's address.
      await dialog().getByRole('button', { name: 'Test Connection' }).click();
      await dialog().getByText('BLOCKED_BY_POLICY', { exact: false }).waitFor();
      await dialog().getByLabel('Connect through an SSH tunnel').check();
      await dialog()
        .getByLabel(/^SSH Host/)
        .fill(bastion.host);
      await dialog()
        .getByLabel(/^SSH Port/)
        .fill(String(bastion.port));
      await dialog()
        .getByLabel(/^SSH Username/)
        .fill(bastion.username);
      await dialog()
        .getByRole('textbox', { name: 'SSH Private Key', exact: true })
        .fill(bastion.keys.ed25519.privateKey);
      await dialog().getByRole('button', { name: 'Test Connection' }).click();
      await dialog()
        .getByText(/Connection successful \(\d+ ms\)/)
        .waitFor();
      await dialog()
        .getByText(`Through the SSH bastion, host key ${bastion.fingerprint}`)
        .waitFor();
      await dialog()
        .getByText(/SSH sign-in ✓/)
        .waitFor();
      expect(await actionsInView(page)).toBe('in view');
      await shot(page, '30-ssh-dialog-passed');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await dialog().getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByText('Created Behind the bastion').waitFor();
      const row = page
        .getByRole('row')
        .filter({ has: page.getByText('Behind the bastion', { exact: true }) });
      await row.getByText('Connected').waitFor();
      await row.getByText(`via SSH ${bastion.host}`).waitFor();
      await shot(page, '31-ssh-list');
      await row.getByRole('button', { name: 'Edit Behind the bastion' }).click();
      await dialog().getByText(`Pinned host key: ${bastion.fingerprint}`).waitFor();
      await dialog().getByText('Leave blank to keep the stored key', { exact: false }).waitFor();
      await dialog()
        .getByText(`Pinned host key: ${bastion.fingerprint}`)
        .evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await shot(page, '32-ssh-edit');
      await dialog().getByRole('button', { name: 'Cancel' }).click();
    });

    it('a narrow window keeps the SSH section readable', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: 'Add Connection' }).first().click();
      await dialog().getByLabel('Connect through an SSH tunnel').check();
      await dialog()
        .getByLabel(/^SSH Host/)
        .scrollIntoViewIfNeeded();
      await shot(page, '33-ssh-narrow');
      await dialog().getByRole('button', { name: 'Cancel' }).click();
    });

    it('left no SSH session on the bastion and no console error', async () => {
      // The sync that follows the creation reads the schema through the tunnel: wait for its end
      // (as a person would for the "Ready" chip), then for the bastion to see every session closed.
      const list = await page.request.get(`${app.url}/api/connections`);
      const { data } = (await list.json()) as { data: { items: { id: string; name: string }[] } };
      const id = data.items.find((c) => c.name === 'Behind the bastion')!.id;
      expect(await syncEnded(page, app, id)).toBe('ready');
      const deadline = Date.now() + 10_000;
      while (bastion.openSessions() > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bastion.openSessions(), 'SSH sessions still open after the sync ended').toBe(0);
      expect(consoleErrors).toEqual([]);
    });
  },
);
