import { ConfigError } from './config/config';
import { startSluice } from './server';

async function main(): Promise<void> {
  const sluice = await startSluice();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      sluice.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `Sluice failed to start: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
