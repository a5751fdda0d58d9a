/**
 * Fails when the Drizzle schema and the committed migrations drift: generates into a copy
 * of the migrations folder and checks that nothing new appears.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const apiDir = resolve(__dirname, '..');
const committed = join(apiDir, 'drizzle');
const copy = join(mkdtempSync(join(tmpdir(), 'sluice-drift-')), 'drizzle');
cpSync(committed, copy, { recursive: true });
const drizzleKit = resolve(apiDir, '../../node_modules/.bin/drizzle-kit');
const result = spawnSync(
  drizzleKit,
  ['generate', '--dialect', 'postgresql', '--schema', './src/db/tables/index.ts', '--out', copy],
  { cwd: apiDir, encoding: 'utf8' },
);
const before = readdirSync(committed).length;
const after = readdirSync(copy).length;
rmSync(copy, { recursive: true, force: true });
if (result.status !== 0) {
  process.stderr.write(result.stdout + result.stderr);
  process.exit(1);
}
if (after !== before) {
  process.stderr.write(
    'The Drizzle schema changed without a migration: run `npm run db:generate` and commit it.\n',
  );
  process.exit(1);
}
process.stdout.write('Migrations match the schema.\n');
