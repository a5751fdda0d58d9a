import { join } from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './database';
import { apiRoot } from '../common/paths';

export const MIGRATIONS_DIR = join(apiRoot(), 'drizzle');

export async function applyMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
