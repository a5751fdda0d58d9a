import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import type { AppConfig } from '../../config/config';
import type { TestFailure } from './driver.interface';

/** Link-local and cloud metadata: never a database, always blocked. */
export const DEFAULT_BLOCKED = [
  '169.254.0.0/16',
  'fe80::/10',
  'fd00:ec2::254/128',
  '0.0.0.0/8',
  '::/128',
];
/** Private and loopback ranges, blocked with BLOCK_PRIVATE_NETWORKS=true. */
export const PRIVATE_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '100.64.0.0/10',
  '::1/128',
  'fc00::/7',
];

function blockList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix = ''] = cidr.split('/');
    list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** `::ffff:a.b.c.d` and `::ffff:xxxx:yyyy` are IPv4 addresses in IPv6 clothing. */
export function unmapIPv4(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export type Resolution = { address: string } | { blocked: TestFailure };

/**
 * Resolves a host once and checks every address it has, so that what is checked is what is
 * connected to: DNS rebinding cannot slip a second answer past the check.
 */
export class NetworkPolicy {
  private readonly blocked: BlockList;
  private readonly allowed: BlockList;
  private readonly hasAllowList: boolean;

  constructor(config: Pick<AppConfig, 'network'>) {
    this.blocked = blockList([
      ...DEFAULT_BLOCKED,
      ...(config.network.blockPrivate ? PRIVATE_RANGES : []),
      ...config.network.blocked,
    ]);
    this.allowed = blockList(config.network.allowed);
    this.hasAllowList = config.network.allowed.length > 0;
  }

  permits(address: string): boolean {
    const plain = unmapIPv4(address);
    const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(plain, type)) return true;
    return !this.hasAllowList && !this.blocked.check(plain, type);
  }

  async resolve(host: string): Promise<Resolution> {
    const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    const addresses = isIP(bare)
      ? [bare]
      : (await lookup(bare, { all: true })).map((a) => a.address);
    const refused = addresses.find((address) => !this.permits(address));
    if (refused !== undefined || addresses.length === 0) {
      return {
        blocked: {
          errorCode: 'BLOCKED_BY_POLICY',
          message: `Connections to ${host} are not allowed by this server's network policy`,
          hint: `Check the host: ${host} resolves to ${unmapIPv4(refused ?? '')}, which this Sluice may not connect to. Ask an admin about CONNECTION_ALLOWED_CIDRS.`,
        },
      };
    }
    return { address: unmapIPv4(addresses[0]!) };
  }
}
