import { inject } from 'vitest';

/** The real PostgreSQL of the test run, as a connection target. */
export function postgresTarget() {
  const url = new URL(inject('pgServerUrl'));
  return {
    dbType: 'postgresql' as const,
    host: url.hostname,
    port: Number(url.port),
    databaseName: 'postgres',
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
