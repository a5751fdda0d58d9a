import { expect, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { freePort } from './free-port';
import { startSilentServer } from './silent-server';

type Probe = (target: { host?: string; port?: number }, deadlineMs: number) => Promise<TestResult>;

/**
 * The network cases every driver must answer the same way: a closed port, a host that does not
 * resolve, and a server that accepts and never answers (TIMEOUT within the deadline, and no
 * socket left open once `settleMs` has passed).
 */
export function itReadsTheNetworkFailures(probe: Probe, { settleMs = 100 } = {}): void {
  it('fails with CONNECTION_REFUSED on a closed port, at the connect stage', async () => {
    const port = await freePort();
    const result = await probe({ host: '127.0.0.1', port }, 5000);
    expect(result).toMatchObject({
      success: false,
      errorCode: 'CONNECTION_REFUSED',
      hint: `Check the port: nothing listens on 127.0.0.1:${port}.`,
    });
    expect(result.stages.at(-1)).toMatchObject({ name: 'connect', ok: false });
  });

  it('fails with DNS_NOT_FOUND for a host that does not resolve', async () => {
    const result = await probe({ host: 'no-such-host.invalid' }, 5000);
    expect(result).toMatchObject({ success: false, errorCode: 'DNS_NOT_FOUND' });
    expect(result.stages).toEqual([expect.objectContaining({ name: 'resolve', ok: false })]);
  });

  it('fails with TIMEOUT within the deadline against a silent server, leaving no socket', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const result = await probe({ host: '127.0.0.1', port: silent.port }, 800);
      expect(result).toMatchObject({ success: false, errorCode: 'TIMEOUT' });
      // It accepted the connection: the port is wrong or the server stuck, no firewall is to blame.
      expect(result.message).toContain('accepted the connection but did not answer as');
      expect(result.hint).not.toMatch(/firewall/i);
      expect(Date.now() - started).toBeLessThan(2800);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      expect(silent.openSockets()).toBe(0);
    } finally {
      await silent.close();
    }
  });
}
