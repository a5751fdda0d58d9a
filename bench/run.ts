/** `npm run bench -- <name>`: runs one benchmark, or all of them without a name. */
import 'reflect-metadata';
import { runHangingTestsBench } from './hanging-tests.bench';
import { runIngestBench } from './ingest.bench';
import { runListBench } from './list.bench';
import { runLoginTimingBench } from './login-timing.bench';
import { runTestOverheadBench } from './test-overhead.bench';
import { runQueryBench } from './query.bench';
import { runMcpBench } from './mcp.bench';
import { runSemanticBench } from './semantic.bench';
import { runHealthBench } from './health.bench';

const BENCHES: Record<string, () => Promise<void>> = {
  list: runListBench,
  'test-overhead': runTestOverheadBench,
  ingest: runIngestBench,
  'login-timing': runLoginTimingBench,
  'hanging-tests': runHangingTestsBench,
  query: runQueryBench,
  mcp: runMcpBench,
  semantic: runSemanticBench,
  health: runHealthBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHES[name]);
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`,
    );
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
    console.log(`\n== ${name} ==`);
    await BENCHES[name]!();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
