import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { reasonOf } from './common/reason-of';
import { tuneHeap } from './common/heap-tuning';
import { startSluice } from './server';

/** Starts Sluice as a process: stops cleanly on SIGINT/SIGTERM, one line and exit 1 on a bad start. */
export function runSluice(overrides: Partial<AppConfig> = {}): void {
  tuneHeap();
  const start = async () => {
    const sluice = await startSluice({ ...loadConfig(), ...overrides });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        sluice.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  };
  start().catch((error: unknown) => {
    const message =
      error instanceof ConfigError
        ? error.message
        : `Sluice failed to start: ${reasonOf(error, 'no reason was given')}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
