import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { embeddingStub } from '../../api/test/support/embedding-stub';
import {
  createMetadataStore,
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

/**
 * The catalog asked in plain words, with an embedding endpoint on loopback (the hashing stub
 * standing in for Ollama): Sluice's own metadata database is the catalog.
 */
describe.skipIf(!hasChromium)('Catalog search by meaning, in a real browser', () => {
  let app: RunningApp;
  let stub: Awaited<ReturnType<typeof embeddingStub>>;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  let connectionId: string;

  beforeAll(async () => {
    stub = await embeddingStub({ dimensions: 128 });
    app = await startApp({
      EMBEDDINGS_PROVIDER: 'openai-compatible',
      EMBEDDINGS_URL: stub.url,
      EMBEDDINGS_MODEL: 'hash-128',
    });
    ({ browser, page, consoleErrors } = await openBrowser({
      viewport: { width: 1440, height: 900 },
    }));
    await signIn(page, app.url, 'admin@e2e.sluice', 'e2e-admin-password');
    connectionId = await createMetadataStore(page, app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await stub?.close();
  });

  it('shows the index being embedded on the schema page, then how much search by meaning covers', async () => {
    await page.goto(`${app.url}/connections/${connectionId}/schema`);
    const ready = page.getByText(/^Search by meaning: (\d+) of \1 tables$/);
    await ready.waitFor({ timeout: 30_000 });
    const [, n] = /(\d+) of/.exec((await ready.textContent()) ?? '') ?? [];
    expect(Number(n)).toBeGreaterThan(10);
    await shot(page, '40-schema-index-ready');
    // The Overview counts it, and says how much of the catalog is searchable by meaning.
    await page.goto(app.url);
    const catalog = page.getByRole('region', { name: 'Catalog' });
    await catalog.getByText(`${n} tables searchable by meaning`, { exact: false }).waitFor();
    await page
      .getByRole('region', { name: 'Connections' })
      .getByRole('link', { name: '1 connection' })
      .waitFor();
    await shot(page, '39-overview');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('answers a question in plain words with the tables it needs, why, and their DDL', async () => {
    await page.goto(`${app.url}/catalog`);
    await page.getByRole('button', { name: 'Ask in plain words' }).click();
    await page.getByLabel('Your question').fill('which api tokens did each user create');
    const tokens = page.getByRole('region', { name: 'public.api_tokens' });
    await tokens.waitFor();
    const why = tokens.getByRole('list', { name: 'Why it matched' });
    await expect(why.getByText('Meaning').count()).resolves.toBe(1);
    await expect(tokens.locator('pre').textContent()).resolves.toMatch(
      /TABLE public\.api_tokens[\s\S]*user_id uuid NOT NULL FK -> public\.users\.id/,
    );
    await expect(
      page.getByText(/tables? for “which api tokens did each user create”/).count(),
    ).resolves.toBe(1);
    await shot(page, '41-catalog-ask');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Search names' }).click();
    const results = page.getByRole('table', { name: 'Catalog search results' });
    await results.waitFor();
    await page.getByLabel('Search the catalog').fill('userId');
    await results.getByText('user_id uuid').first().waitFor();
    await shot(page, '42-catalog-search-reasons');
  });

  it('fits a phone: the question, the reasons and the DDL scroll inside their boxes', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(
      `${app.url}/catalog?mode=ask&q=${encodeURIComponent('when did users sign in')}`,
    );
    await page.getByRole('region').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await shot(page, '43-catalog-ask-390');
    expect(overflow).toBe(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(consoleErrors).toEqual([]);
  });
});
