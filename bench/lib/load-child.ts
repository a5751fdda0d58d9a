/**
 * The load generator, in its own process so that it does not share an event loop with the
 * server it measures. Modes: `http` fetches a URL; `db` runs the repository's list query;
 * `catalog` runs the catalog search query.
 */
import { Agent, request } from 'node:http';
import { Pool } from 'pg';
import { catalogSearchQuerySchema, connectionListQuerySchema } from '@sluice/contracts';
import {
  CatalogRepository,
  ConnectionsRepository,
  createDatabase,
  SearchPool,
} from '@sluice/api/internals';
import { load, type LatencyStats } from './stats';

export interface LoadJob {
  mode: 'http' | 'db' | 'catalog';
  target: string;
  query: string;
  token?: string;
  total: number;
  concurrency: number;
  warmup: number;
}

async function run(job: LoadJob): Promise<LatencyStats> {
  if (job.mode === 'http') {
    const call = httpCall(job);
    await load(job.warmup, job.concurrency, call);
    return measured(() => load(job.total, job.concurrency, call));
  }
  const pool = new Pool({ connectionString: job.target, max: 20 });
  // The catalog search runs on connections of its own, as in the API.
  const search = new SearchPool(pool);
  try {
    const call = databaseCall(job, pool, search);
    await load(job.warmup, job.concurrency, call);
    return await measured(() => load(job.total, job.concurrency, call));
  } finally {
    await search.onApplicationShutdown();
    await pool.end();
  }
}

/** The measured calls, told to the parent as they start, with this process's CPU over them. */
async function measured(run: () => Promise<LatencyStats>): Promise<LatencyStats> {
  await new Promise<void>((resolve) => process.send?.({ measuring: true }, () => resolve()));
  const before = process.cpuUsage();
  const stats = await run();
  const { user, system } = process.cpuUsage(before);
  return { ...stats, cpuMs: (user + system) / 1000 };
}

/**
 * One GET on a kept-alive socket per client. node:http rather than fetch: fetch costs the load
 * generator about twice the CPU per request, and it shares the machine with the server measured.
 */
function httpCall(job: LoadJob): () => Promise<void> {
  const url = new URL(`${job.target}${job.query ? `?${job.query}` : ''}`);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const headers = { authorization: `Bearer ${job.token}` };
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.once('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`${url.href} answered ${res.statusCode}`)),
        );
      });
      req.once('error', reject);
      req.end();
    });
}

/** The query an API call runs, straight on the database: the baseline of a benchmark. */
function databaseCall(job: LoadJob, pool: Pool, search: SearchPool): () => Promise<void> {
  const params = Object.fromEntries(new URLSearchParams(job.query));
  if (job.mode === 'catalog') {
    const reader = new CatalogRepository(pool, search);
    const query = catalogSearchQuerySchema.parse(params);
    return async () => void (await reader.search(query));
  }
  const repository = new ConnectionsRepository(createDatabase(pool));
  const query = connectionListQuerySchema.parse(params);
  return async () => void (await repository.list(query));
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (stats) => process.send?.({ stats }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
  );
});
