import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

/** A process that starts the embedded PostgreSQL under DATA_DIR and waits to be killed. */
const env = process.env;
void startEmbeddedPostgres({
  dataDir: env['DATA_DIR'] ?? '',
  port: Number(env['EMBEDDED_DB_PORT']),
  password: 'child-password',
  logger: pino({ level: 'silent' }),
}).then(() => process.stdout.write('ready\n'));
