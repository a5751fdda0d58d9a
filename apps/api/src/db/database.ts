import { Pool } from 'pg';
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
