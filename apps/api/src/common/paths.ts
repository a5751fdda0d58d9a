import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The apps/api folder, found from this file whether it runs from src/ or dist/src/. */
export function apiRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'drizzle.config.ts'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('apps/api root not found');
    dir = parent;
  }
  return dir;
}
