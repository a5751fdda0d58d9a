import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';

const TEMPLATE_DB = 'sluice_template';

async function withServer<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: inject('pgServerUrl') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own, copied from the template. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withServer((c) => c.query(`create database ${name} template ${TEMPLATE_DB}`));
  return { name, url: inject('pgServerUrl').replace(/\/postgres$/, `/${name}`) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withServer((c) => c.query(`drop database if exists ${name} with (force)`));
}
