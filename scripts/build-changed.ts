/**
 * Builds the workspaces whose sources changed since their last build, and nothing else: `npm start`
 * and `npm run worker` run it, so a restart without changes starts at once. A workspace's
 * fingerprint is a hash of the contents of its inputs (sources, configs, the lock file and the
 * fingerprints of what it is built from), kept in its dist folder; `npm run build` still builds all.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Workspace {
  name: string;
  dir: string;
  inputs: string[];
  after: string[];
}

const root = join(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '__tests__', 'test']);
const STAMP = '.sluice-build';

const workspaces: Workspace[] = [
  {
    name: '@sluice/contracts',
    dir: 'packages/contracts',
    inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'],
    after: [],
  },
  {
    name: '@sluice/api',
    dir: 'apps/api',
    inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'],
    after: ['@sluice/contracts'],
  },
  {
    name: '@sluice/web',
    dir: 'apps/web',
    inputs: ['src', 'public', 'index.html', 'package.json', 'tsconfig.json', 'vite.config.ts'],
    after: ['@sluice/contracts'],
  },
];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((entry) => !SKIP.has(entry) && !/\.(spec|test)\.tsx?$/.test(entry))
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

function fingerprint(ws: Workspace, built: Map<string, string>): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'package-lock.json')));
  for (const dep of ws.after) hash.update(built.get(dep) ?? '');
  for (const input of ws.inputs) {
    for (const file of filesUnder(join(root, ws.dir, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

const built = new Map<string, string>();
for (const ws of workspaces) {
  const print = fingerprint(ws, built);
  const stamp = join(root, ws.dir, 'dist', STAMP);
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (current === print) {
    console.log(`${ws.name}: unchanged since its last build`);
  } else {
    const started = Date.now();
    execFileSync('npm', ['run', 'build', '-w', ws.name, '--silent'], {
      cwd: root,
      stdio: 'inherit',
    });
    writeFileSync(stamp, print);
    console.log(`${ws.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  built.set(ws.name, print);
}
