import type { Pool, PoolClient } from 'pg';

/** One round trip: whether the metadata database answers at all. */
export async function ping(pool: Pool): Promise<void> {
  await pool.query('select 1');
}

/**
 * Runs `work` in one transaction on one client: committed when it returns, rolled back when it
 * throws (the error is rethrown), the client released on every path.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (tx: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `work` while holding a session advisory lock named `name`, so that the same work in
 * another request or process waits for it (check-then-create that must happen once). The lock
 * is held on a client of its own and released on every path.
 */
export async function withNamedLock<T>(pool: Pool, name: string, work: () => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    client.release();
  }
}
