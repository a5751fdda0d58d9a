import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  createMetadataStore,
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

type ToolAnswer = { isError?: boolean; content: { text: string }[] };

describe.skipIf(!hasChromium)('AI access and an assistant through MCP, in a real browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  let connectionId: string;

  beforeAll(async () => {
    app = await startApp();
    ({ browser, page, consoleErrors } = await openBrowser({
      viewport: { width: 1440, height: 900 },
    }));
    await signIn(page, app.url, 'admin@e2e.sluice', 'e2e-admin-password');
    connectionId = await createMetadataStore(page, app);
    expect(await syncEnded(page, app, connectionId)).toBe('ready');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lets an admin open a connection to assistants from its dialog, acknowledging a credential that can write', async () => {
    await page.goto(`${app.url}/connections`);
    await page.getByRole('button', { name: 'Test Metadata store' }).click();
    await page.getByText(/Metadata store: connection successful/).waitFor();
    // The manual test is in the health history too: the row's dot says the connection is up.
    await page.getByRole('img', { name: /^Health: Up, checked/ }).waitFor();
    // A scheduled check may have joined the manual test by now: at least one, none failed.
    await page.getByRole('img', { name: /^Last 24 hours: \d+ checks?, 0 failed$/ }).waitFor();
    await shot(page, '29-health-dot');
    await page.getByRole('button', { name: 'Edit Metadata store' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('AI access (MCP)').click();
    await page.getByRole('option', { name: 'Catalog and read-only queries' }).click();
    await dialog.getByText(/this credential can write/).waitFor();
    await dialog.getByText(/Allow anyway/i).scrollIntoViewIfNeeded();
    await shot(page, '30-ai-access-acknowledge');
    await dialog.getByRole('button', { name: 'Allow anyway' }).click();
    await dialog.getByText(/Assistants also run read-only queries/).waitFor();
    await dialog.getByText('No column is tagged.').waitFor();
    await shot(page, '31-ai-access-set');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The schema is read again every hour from now on: saved without a new test.
    await dialog.getByLabel('Schema sync').click();
    await page.getByRole('option', { name: 'Every hour' }).click();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('AI: catalog and queries').waitFor();
  });

  it('tags columns in the schema browser: hidden from AI, and PII', async () => {
    await page.goto(`${app.url}/connections/${connectionId}/schema?search=users`);
    await page.getByText('AI access: Catalog and read-only queries').waitFor();
    // Hourly: within the hour, or due now when this run lands on its minute.
    await page.getByText(/^Next sync (in \d+ minutes?|in 1 hour|due now)$/).waitFor();
    const health = page.getByRole('region', { name: 'Health, last 24 hours' });
    await health.getByText(/^\d+ checks? · 100% up · p50 \d+ ms · p95 \d+ ms$/).waitFor();
    await health
      .getByRole('img', { name: /^Latency over the last 24 hours: \d+ successful checks/ })
      .waitFor();
    await shot(page, '31b-schema-health');
    await page.getByRole('button', { name: 'Show the columns of public.users' }).click();
    const tag = async (column: string, label: string) => {
      await page.getByLabel(`AI tag of ${column}`).click();
      await page.getByRole('option', { name: label }).click();
      await page.getByText(new RegExp(`${column} is now tagged`)).waitFor();
    };
    await tag('password_hash', 'Hidden from AI');
    await tag('email', 'PII');
    await shot(page, '32-column-tags');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Narrower, every column's picker stays inside the table (the table scrolls, not the page).
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      const picker = await page.getByLabel('AI tag of email').boundingBox();
      const table = await page
        .getByRole('table', { name: 'Columns of public.users' })
        .boundingBox();
      expect(picker && table && picker.x + picker.width <= table.x + table.width + 1).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await shot(page, `32-column-tags-${width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('gives a ready-to-paste configuration that an assistant connects with', async () => {
    await page.goto(`${app.url}/tokens`);
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Cursor');
    await dialog.getByRole('checkbox', { name: 'catalog:read' }).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    // The new token's dialog shows each assistant's configuration with the token, once.
    await dialog.getByRole('tab', { name: 'Cursor' }).click();
    const text = await dialog.getByLabel('Cursor configuration').textContent();
    const config = JSON.parse(text ?? '') as {
      mcpServers: { sluice: { url: string; headers: { Authorization: string } } };
    };
    const { url, headers } = config.mcpServers.sluice;
    expect(url).toBe(`${app.url}/mcp`);
    const token = dialog.getByRole('textbox', { name: 'Token' });
    expect(headers.Authorization).toBe(`Bearer ${await token.inputValue()}`);
    await dialog.getByRole('region', { name: 'Connect an assistant' }).scrollIntoViewIfNeeded();
    await shot(page, '33-connect-assistant');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();
    // Once closed, the page shows the configurations with a placeholder only.
    await page
      .getByRole('region', { name: 'Connect an assistant' })
      .getByText(/sluice_pat_YOUR_TOKEN/)
      .first()
      .waitFor();
    expect(await page.getByText(headers.Authorization.slice(7)).count()).toBe(0);

    const client = new Client({ name: 'e2e-assistant', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
    );
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolAnswer;
    const text0 = (a: ToolAnswer) => a.content[0]!.text;
    expect(text0(await call('list_connections', {}))).toContain('Metadata store');
    const users = text0(
      await call('describe_table', { connection: 'Metadata store', table: 'users' }),
    );
    expect(users).toContain('email text NOT NULL [PII: personal data]');
    expect(users).not.toContain('password_hash');
    const refused = await call('run_query', {
      connection: 'Metadata store',
      sql: 'select password_hash from users',
    });
    expect(refused.isError).toBe(true);
    expect(text0(refused)).toContain('QUERY_COLUMN_HIDDEN');
    const ok = await call('run_query', {
      connection: 'Metadata store',
      sql: 'select count(*)::int as n from users',
    });
    expect(text0(ok)).toContain('1 row from Metadata store');
    await client.close();
    // The acknowledgement asked above answered 422, which Chromium logs as a failed load.
    expect(consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
