import type { TestResult } from '@sluice/contracts';
import type { NetworkPolicy } from '../../network/network-policy';
import { DeadlineError, type TestRun } from '../core/test-run';
import type { SshTunnelParams } from '../core/types';
import { classifySsh } from './ssh-failures';
import { SshTunnel, TunnelFailure } from './ssh-tunnel';

type TunnelStage = 'resolve' | 'ssh_connect' | 'ssh_authenticate' | 'connect';

/** Where the driver connects once the tunnel is up: the tunnel's local port. */
export interface Tunnelled {
  tunnel: SshTunnel;
  address: string;
  port: number;
}

/**
 * The stages a tunnelled test starts with: resolve the bastion through the network policy →
 * ssh connect (TCP and key exchange, the host key checked against the pinned one) → ssh
 * authenticate → connect (the bastion opens a channel to the database). The tunnel is registered
 * with `closeWith` before anything opens, so the test's one `finally` closes it on every path.
 */
export async function tunnelStages(
  run: TestRun,
  policy: NetworkPolicy,
  params: SshTunnelParams,
  database: { host: string; port: number },
  closeWith: (close: () => void) => void,
): Promise<Tunnelled | { failed: TestResult }> {
  let stage: TunnelStage = 'resolve';
  const tunnel = new SshTunnel(params, database.host, database.port, { closeWhenIdle: false });
  const close = () => tunnel.close();
  closeWith(close);
  try {
    const resolution = await run.within(stage, policy.resolve(params.host), close);
    if ('blocked' in resolution) return { failed: run.failure(stage, resolution.blocked) };
    run.pass(stage);
    stage = 'ssh_authenticate'; // an unreadable key fails here, before anything is sent
    const steps = tunnel.start(resolution.address);
    stage = 'ssh_connect';
    await run.within(stage, steps.handshake, close);
    run.pass(stage);
    stage = 'ssh_authenticate';
    await run.within(stage, steps.signedIn, close);
    run.pass(stage);
    stage = 'connect';
    await run.within(stage, tunnel.openFirstChannel(), close);
    run.pass(stage);
    return { tunnel, address: '127.0.0.1', port: await tunnel.listen() };
  } catch (error) {
    const failure =
      error instanceof DeadlineError
        ? stage === 'connect'
          ? (tunnel.failure(run.deadlineMs) ?? tunnel.timeout(run.deadlineMs))
          : tunnel.timeout(run.deadlineMs)
        : error instanceof TunnelFailure
          ? error.failure
          : classifySsh(error, params, run.deadlineMs);
    return { failed: { ...run.failure(stage, failure), sshHostKey: tunnel.hostKey } };
  }
}
