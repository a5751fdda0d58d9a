import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS = resolve(__dirname, '../../../test-output/e2e');

/** In CI nothing is skipped: a missing browser fails the run instead. */
export function requireChromium(): void {
  if (!hasChromium && process.env.CI)
    throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  if (!hasChromium)
    console.warn(
      `Skipping the browser tests: ${CHROMIUM} is not installed (apt-get install chromium).`,
    );
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningApp {
  url: string;
  database: { host: string; port: number; user: string; password: string };
  stop(): Promise<void>;
}

/** The built app (API + web) on its own embedded PostgreSQL, as `npm start` runs it. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const { loadConfig } = await import('../../api/dist/src/config/config');
  const { startSluice } = await import('../../api/dist/src/server');
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
  const dbPort = await freePort();
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    EMBEDDED_DB_PORT: String(dbPort),
    ADMIN_EMAIL: 'admin@e2e.sluice',
    ADMIN_PASSWORD: 'e2e-admin-password',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...env,
  });
  const running = await startSluice(config);
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
    embeddedDbPassword: string;
  };
  return {
    url: running.url.replace('localhost', '127.0.0.1'),
    database: {
      host: '127.0.0.1',
      port: dbPort,
      user: 'sluice',
      password: secrets.embeddedDbPassword,
    },
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium and one page (options as `newPage`'s), its console errors collected, animations off. */
export async function openBrowser(
  options: Parameters<Browser['newPage']>[0] = { viewport: { width: 1440, height: 900 } },
): Promise<{ browser: Browser; page: Page; consoleErrors: string[] }> {
  const browser = await launch();
  const page = await browser.newPage(options);
  const consoleErrors = collectConsoleErrors(page);
  await settleAnimations(page);
  return { browser, page, consoleErrors };
}

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Turns off CSS transitions and animations, so that checks (axe's colour contrast, screenshots)
 * see settled colours rather than a fade in progress.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const apply = () => {
      const style = document.createElement('style');
      style.textContent =
        '*, *::before, *::after { transition: none !important; animation: none !important; }';
      document.head.appendChild(style);
    };
    if (document.head) apply();
    else document.addEventListener('DOMContentLoaded', apply);
  });
}

/** Errors the page wrote to its console: the app should write none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical accessibility violations axe finds on the page as it is. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE); // over the DevTools protocol: the page keeps its strict CSP
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: () => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      count: v.nodes.length,
      where: v.nodes.map((n) => n.target.join(' ')).join(', '),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.count}): ${v.where}`);
}

export async function signIn(
  page: Page,
  url: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

/** Whether the open dialog's action buttons are drawn inside the window (not scrolled off it). */
export async function actionsInView(page: Page): Promise<string> {
  const height = page.viewportSize()?.height ?? 0;
  for (const name of ['Cancel', 'Test Connection', 'Create']) {
    const box = await page
      .getByRole('dialog')
      .getByRole('button', { name, exact: true })
      .boundingBox();
    if (!box || box.y < 0 || box.y + box.height > height) return `${name} is outside the window`;
  }
  return 'in view';
}

/** Creates a connection through the API, as the signed-in page; its id. */
export async function addConnection(
  page: Page,
  app: RunningApp,
  data: Record<string, unknown>,
): Promise<string> {
  const created = await page.request.post(`${app.url}/api/connections`, {
    headers: { origin: app.url },
    data,
  });
  if (created.status() !== 201) throw new Error(`could not create it: ${await created.text()}`);
  return ((await created.json()) as { data: { id: string } }).data.id;
}

/** A database of the app's own PostgreSQL server as a connection named `name`; its id. */
export const addAppDatabase = (page: Page, app: RunningApp, name: string, databaseName: string) =>
  addConnection(page, app, {
    name,
    dbType: 'postgresql',
    host: app.database.host,
    port: app.database.port,
    databaseName,
    username: app.database.user,
    password: app.database.password,
  });

/** Registers Sluice's own metadata database as a connection named "Metadata store"; its id. */
export const createMetadataStore = (page: Page, app: RunningApp) =>
  addAppDatabase(page, app, 'Metadata store', 'sluice');

/** Waits (as a person waits for the "Ready" chip) for a connection's sync to end: how it ended. */
export async function syncEnded(
  page: Page,
  app: RunningApp,
  id: string,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await page.request.get(`${app.url}/api/connections/${id}`);
    const status = ((await res.json()) as { data: { schemaStatus: string } }).data.schemaStatus;
    if (status === 'ready' || status === 'failed' || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What a suite shares: the built app on its own database, and one Chromium page on it. */
export interface AppInBrowser {
  app: RunningApp;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
}

/**
 * Starts the app (with `env`) and Chromium at 1440×900 before the suite's tests, and stops both
 * after them. The fields are set once the suite's own beforeAll hooks run (they run after this).
 */
export function appInBrowser(env: Record<string, string> = {}): AppInBrowser {
  const shared = {} as AppInBrowser;
  beforeAll(async () => {
    shared.app = await startApp(env);
    Object.assign(shared, await openBrowser({ viewport: { width: 1440, height: 900 } }));
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.app?.stop();
  });
  return shared;
}
