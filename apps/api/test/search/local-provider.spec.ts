import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { LocalProvider } from '../../src/catalog/embeddings/local.provider';
import type { CatalogSearchHit, EmbeddingStatus } from '@sluice/contracts';
import { createTestApp } from '../support/test-app';
import { createConnection, postgresCatalogTarget, waitForSchema } from '../support/schema-sync';
import { until } from '../support/until';

/** A tiny model written by scripts/make-tiny-embedder.ts: 114 tokens × 16 dimensions. */
const FIXTURE = resolve(__dirname, '../fixtures/tiny-embedder');

describe('The local embedding provider (transformers.js, ONNX Runtime on the CPU)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-models-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('embeds with a model from a directory, nothing downloaded: normalized, deterministic, batched', async () => {
    const provider = await LocalProvider.open(FIXTURE, 8);
    expect(provider.model).toMatch(/^tiny-embedder@[0-9a-f]{12}$/);
    const [a, b, again] = await provider.embed(
      [
        'table sales.invoice: amount paid per customer',
        'table hr.payroll: salary per month',
        'table sales.invoice: amount paid per customer',
      ],
      'document',
    );
    expect(provider.dimensions).toBe(16);
    expect(a).toHaveLength(16);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    expect([...again!]).toEqual([...a!]);
    expect([...b!]).not.toEqual([...a!]);
    // Texts sharing words point closer together than texts sharing none.
    const [question] = await provider.embed(['invoice amount'], 'query');
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(question!, a!)).toBeGreaterThan(dot(question!, b!));
  });

  it('stops the boot with one line for a directory that is missing, incomplete or not a model', async () => {
    const incomplete = join(scratch, 'incomplete');
    cpSync(FIXTURE, incomplete, { recursive: true });
    rmSync(join(incomplete, 'onnx'), { recursive: true });
    const broken = join(scratch, 'broken');
    cpSync(FIXTURE, broken, { recursive: true });
    writeFileSync(join(broken, 'onnx/model.onnx'), 'not a model');
    for (const [dir, problem] of [
      [join(scratch, 'nowhere'), 'does not exist'],
      [incomplete, 'has no onnx/model.onnx: give the directory of a sentence-embedding model'],
      [broken, 'could not be loaded: '],
    ] as const) {
      const error = await LocalProvider.open(dir, 8).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`EMBEDDINGS_MODEL_DIR ${dir} ${problem}`);
      expect((error as Error).message).not.toContain('\n');
    }
    await expect(
      createTestApp({
        EMBEDDINGS_PROVIDER: 'local',
        EMBEDDINGS_MODEL_DIR: join(scratch, 'nowhere'),
      }),
    ).rejects.toThrow(`EMBEDDINGS_MODEL_DIR ${join(scratch, 'nowhere')} does not exist`);
  });

  it('embeds a synced catalog in the worker and ranks by it, all on this machine', async () => {
    const target = await postgresCatalogTarget(`
      create table invoice (id int primary key, amount numeric, customer_id int);
      comment on table invoice is 'amount paid by each customer';
      create table payroll (id int primary key, salary numeric, month date);`);
    const t = await createTestApp({
      SLUICE_ROLE: 'all',
      EMBEDDINGS_PROVIDER: 'local',
      EMBEDDINGS_MODEL_DIR: FIXTURE,
    });
    try {
      const token = await t.adminToken();
      const connection = await createConnection(t, target.body);
      await waitForSchema(t, connection.id);
      let status: EmbeddingStatus | undefined;
      await until(async () => {
        const res = await t.request('GET', `/api/connections/${connection.id}/schema`, { token });
        status = res.json<{ data: { embedding: EmbeddingStatus } }>().data.embedding;
        if (status.state !== 'ready') throw new Error(`embedding ${status.state}`);
      }, 20_000);
      expect(status?.model).toMatch(/^local:tiny-embedder@/);
      expect(status?.embedded).toBe(2);
      const res = await t.request(
        'GET',
        `/api/catalog/search?q=invoice%20amount&mode=semantic&connectionId=${connection.id}`,
        { token },
      );
      const hits = res.json<{ data: CatalogSearchHit[] }>().data;
      expect(hits.map((h) => h.objectName)).toEqual(['invoice', 'payroll']);
      expect(hits[0]?.reasons).toEqual(['semantic']);
    } finally {
      await t.close();
    }
  });
});
