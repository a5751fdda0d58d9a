import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as tables from './tables';

export type Database = NodePgDatabase<typeof tables>;
export const DATABASE = Symbol('DATABASE');
export const DATABASE_POOL = Symbol('DATABASE_POOL');

export function createPool(url: string): Pool {
  const pool = new Pool({
    connectionString: url,
    max: 20,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its server must not crash the process; queries report it instead.
  pool.on('error', () => undefined);
  return pool;
}

export function createDatabase(pool: Pool): Database {
  return drizzle(pool, { schema: tables });
}

/**
 * `work` on a client checked out for it, released after; as pg's `pool.query` does, a client
 * whose work failed is closed, not handed out again.
 */
export async function onClient<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    failed = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(failed);
  }
}

/**
 * A query on a client checked out for it, for reads of many rows. `pool.query()` keeps the
 * result of a query that had to open a connection for as long as that connection lives:
 * pg-pool's connect callback, kept by the connection's listeners, holds the query's promise
 * (brianc/node-postgres#2821). A catalog load that opened one kept its 100,000 rows (150 MB of
 * vectors and a million heap objects for the collector to mark) until the connection closed.
 */
export function readRows<R extends QueryResultRow>(
  pool: Pool,
  text: string,
  values: unknown[],
): Promise<R[]> {
  return onClient(pool, async (client) => (await client.query<R>(text, values)).rows);
}
