/**
 * `npm run check:structure` (part of `npm test`): the layout rules of docs/architecture.md that
 * lint and the compiler do not see. Exits 1 and names every file that breaks one.
 *
 * 1. No import cycle (type-only imports included) in apps/api/src, apps/web/src, packages/contracts/src.
 * 2. SQL on Sluice's own database only in `*.repository.ts` (and in `db/`, the database's own
 *    plumbing: migrations, seed, the change feed). Drivers' SQL goes to targets and is theirs.
 * 3. No source, test or benchmark file over 300 lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import madge from 'madge';

const root = resolve(process.argv[2] ?? join(__dirname, '..'));
const MAX_LINES = 300;

const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => /\.(ts|tsx|mts)$/.test(file) && !file.includes('node_modules/'))
  .filter((file) => existsSync(join(root, file)));

const SQL_LITERAL =
  /(['"`])\s*(select\s[\s\S]*\sfrom\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|begin\b|commit\b|rollback\b|listen\s|notify\s|create\s+(table|index)\s|alter\s+table\s|drop\s+table\s)/i;
const SQL_CALL = /\.query\s*(<[^>]*>)?\(|\.execute\s*\(|\bsql`|pgboss\.|pg_advisory/;

function sqlOutsideRepositories(): string[] {
  return tracked
    .filter((file) => file.startsWith('apps/api/src/'))
    .filter((file) => !file.endsWith('.repository.ts') && !file.endsWith('.spec.ts'))
    .filter((file) => !file.startsWith('apps/api/src/db/'))
    .filter((file) => !file.startsWith('apps/api/src/connections/drivers/'))
    .flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          SQL_LITERAL.test(line) || SQL_CALL.test(line)
            ? [`${file}:${i + 1}: SQL outside a repository: ${line.trim().slice(0, 90)}`]
            : [],
        ),
    );
}

function longFiles(): string[] {
  return tracked.flatMap((file) => {
    const lines = readFileSync(join(root, file), 'utf8').split('\n').length - 1;
    return lines > MAX_LINES ? [`${file}: ${lines} lines (at most ${MAX_LINES})`] : [];
  });
}

async function cycles(): Promise<string[]> {
  const trees = [
    ['apps/api/src', 'apps/api/tsconfig.json'],
    ['apps/web/src', 'apps/web/tsconfig.json'],
    ['packages/contracts/src', 'packages/contracts/tsconfig.json'],
  ] as const;
  const found: string[] = [];
  for (const [dir, tsConfig] of trees) {
    const graph = await madge(join(root, dir), {
      fileExtensions: ['ts', 'tsx'],
      tsConfig: join(root, tsConfig),
      detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
    });
    for (const cycle of graph.circular())
      found.push(`${dir}: import cycle ${[...cycle, cycle[0]].join(' → ')}`);
  }
  return found;
}

async function main(): Promise<void> {
  const problems = [...(await cycles()), ...sqlOutsideRepositories(), ...longFiles()];
  if (problems.length === 0) {
    console.log(
      `Structure: no import cycle, SQL only in repositories, no file over ${MAX_LINES} lines (${tracked.length} files).`,
    );
    return;
  }
  for (const problem of problems) console.error(problem);
  console.error(`\n${problems.length} structure rule(s) broken: see docs/architecture.md.`);
  process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(relative(root, String(error)));
  process.exitCode = 1;
});
