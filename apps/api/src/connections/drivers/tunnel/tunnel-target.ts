import type { NetworkPolicy } from '../../network/network-policy';
import type { Destination, SshTunnelParams } from '../core/types';
import { SshTunnel, TunnelFailure } from './ssh-tunnel';

/**
 * A tunnel for a schema read or a query session: the bastion resolved through the network policy,
 * signed in to within `timeoutMs`, and a local port the session connects to. It closes itself
 * when its last connection has closed (or when none came within `timeoutMs`), and the driver
 * thread closes whatever is left at the end of its job. Throws a `TunnelFailure`.
 */
export async function openTunnel(
  policy: NetworkPolicy,
  params: SshTunnelParams,
  database: { host: string; port: number },
  timeoutMs: number,
): Promise<Destination & { tunnel: SshTunnel }> {
  const tunnel = new SshTunnel(params, database.host, database.port, { closeWhenIdle: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TunnelFailure(tunnel.timeout(timeoutMs))), timeoutMs);
  });
  try {
    const resolution = await Promise.race([policy.resolve(params.host), deadline]);
    if ('blocked' in resolution) throw new TunnelFailure(resolution.blocked);
    await Promise.race([tunnel.start(resolution.address).signedIn, deadline]);
    const port = await tunnel.listen();
    tunnel.closeUnlessUsedWithin(timeoutMs);
    return { tunnel, address: '127.0.0.1', port };
  } catch (error) {
    tunnel.close();
    throw tunnel.failureOf(error, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
