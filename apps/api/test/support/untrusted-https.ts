import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from './certificate';
import { freePort } from './free-port';

/** An HTTPS server whose certificate no one trusts, for the warehouses' tls stage. */
export async function startUntrustedHttps(): Promise<{ port: number; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-untrusted-'));
  const { cert, key } = selfSignedCertificate(dir);
  const server = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (_, res) =>
    res.end('{}'),
  );
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}
