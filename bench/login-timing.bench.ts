/**
 * POST /api/auth/login with an unknown email beside a known email with a wrong password, 200
 * each, interleaved: the two answers must cost the same, or the timing tells who has an account.
 */
import { BENCH_ENV, startBenchSluice } from './lib/sluice';
import { ms, ratio } from './lib/stats';

const ATTEMPTS = 200;

function percentile(times: number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runLoginTimingBench(): Promise<void> {
  // The throttle would answer 429 long before 200 failures: widen it for the measurement.
  const sluice = await startBenchSluice({ LOGIN_MAX_FAILURES: '1000', LOGIN_WINDOW_SECONDS: '1' });
  try {
    const login = async (email: string) => {
      const started = performance.now();
      const res = await fetch(`${sluice.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'not-the-password-at-all' }),
      });
      await res.arrayBuffer();
      if (res.status !== 401) throw new Error(`login answered ${res.status}`);
      return performance.now() - started;
    };
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 20; i++) {
      await login(`nobody-${i}@example.com`);
      await login(BENCH_ENV.ADMIN_EMAIL);
    }
    for (let i = 0; i < ATTEMPTS; i++) {
      unknown.push(await login(`nobody-${i}@example.com`));
      known.push(await login(BENCH_ENV.ADMIN_EMAIL));
    }
    console.log(`POST /api/auth/login, ${ATTEMPTS} attempts each, interleaved, one at a time`);
    console.log(
      'email                     | p50        | p90        | p50 ratio to wrong password',
    );
    for (const [label, times] of [
      ['unknown email', unknown],
      ['known, wrong password', known],
    ] as const) {
      console.log(
        [
          label.padEnd(25),
          ms(percentile(times, 0.5)).padStart(10),
          ms(percentile(times, 0.9)).padStart(10),
          ratio(percentile(times, 0.5), percentile(known, 0.5)).padStart(8),
        ].join(' | '),
      );
    }
  } finally {
    await sluice.stop();
  }
}
