import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { executorOf } from '../../src/jobs/job-queue';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { createLogger } from '../../src/common/logger';
import { createPool } from '../../src/db/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';
import { applyMigrations } from '../../src/db/migrate';
import { selfSignedCertificate } from './certificate';
import { freePort } from './free-port';

export const TEMPLATE_DB = 'sluice_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    /** A certificate for 127.0.0.1 that the test workers trust, for the HTTPS protocol peers. */
    trustedTls: { cert: string; key: string };
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;
let tlsDir: string | undefined;

/** One real PostgreSQL per test run; migrations applied once into a template database. */
export async function setup(project: TestProject): Promise<void> {
  // The HTTPS peers (Snowflake, Databricks) present this certificate; the forked test workers
  // start with it among Node's trusted CAs, as a real warehouse's public CA is.
  tlsDir = mkdtempSync(join(tmpdir(), 'sluice-test-tls-'));
  const trustedTls = selfSignedCertificate(tlsDir);
  process.env['NODE_EXTRA_CA_CERTS'] = trustedTls.cert;
  project.provide('trustedTls', trustedTls);
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-test-pg-'));
  const logger = createLogger({ level: 'warn', pretty: false });
  embedded = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: 'test-password',
    logger,
  });
  const serverUrl = embedded.url.replace(/\/sluice$/, '/postgres');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const pool = createPool(serverUrl.replace(/\/postgres$/, `/${TEMPLATE_DB}`));
  await applyMigrations(pool);
  // pg-boss installs its own tables on first start: once here, so that every copy has them.
  const boss = new PgBoss({ db: executorOf(pool), schedule: false, supervise: false });
  await boss.start();
  await boss.stop({ graceful: false, close: false });
  await pool.end();
  project.provide('pgServerUrl', serverUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  await unhookEmbeddedPostgres();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
}

/**
 * embedded-postgres's exit hooks answer `beforeExit` with process.exit(0), which would turn a
 * failed run into a passing one: once a cluster is stopped, they have nothing left to do.
 */
export async function unhookEmbeddedPostgres(): Promise<void> {
  const { default: hook } = await import('async-exit-hook');
  for (const event of ['beforeExit', 'exit']) {
    if (hook.hookedEvents().includes(event)) hook.unhookEvent(event);
  }
}
