/**
 * Catalog search and context over HTTP with 8 clients at once, beside the lexical query alone on
 * the database, with what each call costs the API, PostgreSQL and the clients in CPU.
 */
import { recordCollections } from './gc';
import { loadFromChild } from './load';
import type { BenchSluice } from './sluice';
import { cpuOfProcesses, ms } from './stats';

/**
 * Three words of the bench's vocabulary that no table's name holds together (names hold two):
 * the word ranking cannot stop at the first tables whose names have every word.
 */
export const HARDER = 'invoice customer payment';

export async function searchUnderLoad(
  sluice: BenchSluice,
  question: string,
  tables: number,
): Promise<void> {
  console.log(
    `\nOver HTTP, 8 clients at once, ${(tables * 20).toLocaleString('en')} columns; the lexical query alone on the database as baseline`,
  );
  console.log(
    'call                                     | p50        | p99        | p99 ≤ 50 ms | CPU per call: API, PostgreSQL, clients | API collections',
  );
  const http = (path: string, q: string) => ({
    mode: 'http' as const,
    target: `${sluice.baseUrl}${path}`,
    token: sluice.token,
    query: q,
    total: 400,
    concurrency: 8,
    warmup: 40,
  });
  const asked = encodeURIComponent(question);
  const calls: [string, Parameters<typeof loadFromChild>[0]][] = [
    [
      'DB: lexical search query alone',
      {
        mode: 'catalog',
        target: sluice.databaseUrl,
        query: `q=${asked}`,
        total: 400,
        concurrency: 8,
        warmup: 40,
      },
    ],
    ['search, lexical', http('/api/catalog/search', `q=${asked}&mode=lexical`)],
    [
      'search, lexical, no name has every word',
      http('/api/catalog/search', `q=${encodeURIComponent(HARDER)}&mode=lexical`),
    ],
    ['search, hybrid', http('/api/catalog/search', `q=${asked}`)],
    ['search, identifier (customerId)', http('/api/catalog/search', 'q=customerId')],
    ['context (8 tables, DDL)', http('/api/catalog/context', `q=${asked}`)],
  ];
  // BENCH_PROFILE=DIR writes the API's CPU profile of each load there (open it in DevTools).
  const profiles = process.env['BENCH_PROFILE'];
  const session = profiles ? new (await import('node:inspector/promises')).Session() : null;
  session?.connect();
  await session?.post('Profiler.enable');
  for (const [label, call] of calls) {
    await session?.post('Profiler.start');
    // The machine's two cores serve the API, PostgreSQL and the clients: what each spends.
    let cpu = { api: process.cpuUsage(), db: cpuOfProcesses('postgres') };
    let spent = { api: 0, db: 0 };
    // What the API's collector did over the measured calls (the DB line runs no API).
    let collections: ReturnType<typeof recordCollections> | null = null;
    let collected = '';
    const stats = await loadFromChild(call, {
      start: () => {
        cpu = { api: process.cpuUsage(), db: cpuOfProcesses('postgres') };
        collections = call.mode === 'http' ? recordCollections() : null;
      },
      end: () => {
        const { user, system } = process.cpuUsage(cpu.api);
        spent = { api: (user + system) / 1000, db: cpuOfProcesses('postgres') - cpu.db };
        collected = collections?.stop(call.total) ?? '';
      },
    });
    if (session && profiles) {
      const { profile } = await session.post('Profiler.stop');
      (await import('node:fs')).writeFileSync(
        `${profiles}/${label.replace(/[^a-z]/gi, '_')}.cpuprofile`,
        JSON.stringify(profile),
      );
    }
    console.log(
      [
        label.padEnd(40),
        ms(stats.p50).padStart(10),
        ms(stats.p99).padStart(10),
        (stats.p99 <= 50 ? 'yes' : 'NO').padEnd(11),
        [spent.api, spent.db, stats.cpuMs ?? 0].map((t) => ms(t / stats.count)).join(', '),
        collected,
      ].join(' | '),
    );
  }
  session?.disconnect();
}
