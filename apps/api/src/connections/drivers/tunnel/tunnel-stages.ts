import type { TestResult } from '@sluice/contracts';
import type { NetworkPolicy } from '../../network/network-policy';
import { DeadlineError, type TestRun } from '../core/test-run';
import type { SshTunnel } from './ssh-tunnel';

type TunnelStage = 'resolve' | 'ssh_connect' | 'ssh_authenticate' | 'connect';

/**
 * The stages a tunnelled test starts with: resolve the bastion through the network policy →
 * ssh connect (TCP and key exchange, the host key checked against the pinned one) → ssh
 * authenticate → connect (the bastion opens a channel to the database). The caller owns `tunnel`
 * and closes it on every path; answers where the driver connects: the tunnel's local port.
 */
export async function tunnelStages(
  run: TestRun,
  policy: NetworkPolicy,
  tunnel: SshTunnel,
): Promise<{ address: string; port: number } | { failed: TestResult }> {
  let stage: TunnelStage = 'resolve';
  const close = () => tunnel.close();
  try {
    const resolution = await run.within(stage, policy.resolve(tunnel.params.host), close);
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
    return { address: '127.0.0.1', port: await tunnel.listen() };
  } catch (error) {
    const failure =
      error instanceof DeadlineError
        ? stage === 'connect'
          ? (tunnel.failure(run.deadlineMs) ?? tunnel.timeout(run.deadlineMs))
          : tunnel.timeout(run.deadlineMs)
        : tunnel.failureOf(error, run.deadlineMs).failure;
    return { failed: run.failure(stage, failure) };
  }
}
