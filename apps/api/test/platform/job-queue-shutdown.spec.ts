import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/database';
import { JobQueue } from '../../src/jobs/job-queue';
import { JobsRepository } from '../../src/jobs/jobs.repository';
import { createTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

/**
 * A job's run that outlives the queue's stop (pg-boss waits 5 s for it) ends after the pool has
 * closed: its end must not become an unhandled rejection (a crash at shutdown), and its job must
 * not stay active.
 */
describe('the job queue when a run outlives its stop', () => {
  let t: TestApp;
  const rejections: unknown[] = [];
  const record = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    t = await createTestApp({ SLUICE_ROLE: 'api' });
    process.on('unhandledRejection', record);
  });
  afterAll(async () => {
    process.off('unhandledRejection', record);
    await t.close();
  });

  it('drops the late write of its end, and the stop has failed the job back to the queue', async () => {
    const pool = createPool(t.config.databaseUrl!);
    const queue = new JobQueue(pool, t.config, new JobsRepository(pool));
    queue.define('slow-test', {
      retryLimit: 1,
      retryDelay: 1,
      retryBackoff: false,
      expireInSeconds: 60,
    });
    let release: (error: Error) => void = () => undefined;
    let started = false;
    await queue.work('slow-test', async () => {
      started = true;
      // The run's own work fails once its pool is gone, after the stop gave up waiting.
      await new Promise((_, reject) => (release = reject));
      return {};
    });
    const id = await queue.send('slow-test', { n: 1 });
    await until(() => expect(started).toBe(true), 10_000);

    await queue.onApplicationShutdown();
    await pool.end();
    release(new Error('Cannot use a pool after calling end on the pool'));
    // pg-boss fails the run without awaiting it: give that a few turns of the event loop.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(rejections).toEqual([]);
    const { rows } = await t.pool.query<{ state: string }>(
      'select state from pgboss.job where id = $1',
      [id],
    );
    expect(rows[0]?.state).not.toBe('active');
  }, 30_000);
});
