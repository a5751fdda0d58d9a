/**
 * The load generator, in its own process so that it does not share an event loop with the
 * server it measures. Modes: `http` fetches a URL; `db` runs the repository's list query.
 */
import { Pool } from 'pg';
import { connectionListQuerySchema } from '@sluice/contracts';
import { ConnectionsRepository } from '../../apps/api/dist/src/connections/connections.repository';
import { createDatabase } from '../../apps/api/dist/src/db/database';
import { load, type LatencyStats } from './stats';

export interface LoadJob {
  mode: 'http' | 'db';
  target: string;
  query: string;
  token?: string;
  total: number;
  concurrency: number;
  warmup: number;
}

async function run(job: LoadJob): Promise<LatencyStats> {
  if (job.mode === 'http') {
    const url = `${job.target}${job.query ? `?${job.query}` : ''}`;
    const headers = { authorization: `Bearer ${job.token}` };
    const call = async () => {
      const res = await fetch(url, { headers });
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      await res.arrayBuffer();
    };
    await load(job.warmup, job.concurrency, call);
    return load(job.total, job.concurrency, call);
  }
  const pool = new Pool({ connectionString: job.target, max: 20 });
  const repository = new ConnectionsRepository(createDatabase(pool));
  const params = connectionListQuerySchema.parse(
    Object.fromEntries(new URLSearchParams(job.query)),
  );
  const call = async () => void (await repository.list(params));
  await load(job.warmup, job.concurrency, call);
  const stats = await load(job.total, job.concurrency, call);
  await pool.end();
  return stats;
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (stats) => process.send?.({ stats }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
  );
});
