import { NetworkPolicy } from '../../src/connections/network/network-policy';

/** A network policy that lets a driver reach the servers and peers the tests start on loopback. */
export function loopbackPolicy(): NetworkPolicy {
  return new NetworkPolicy({
    network: { blocked: [], allowed: [], blockPrivate: false },
  });
}
