import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import type { AppConfig } from '../../config/config';
import type { TestFailure } from '../drivers/core/types';

/** The socket error of a connection the network policy refused. */
export const BLOCKED_CODE = 'EBLOCKEDBYPOLICY';
/** The request error of an HTTP redirect Sluice did not follow. */
export const REDIRECT_CODE = 'EREDIRECTREFUSED';

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

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail counts as two); null if not IPv6. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (t: string) => (t ? t.split(':').map((g) => parseInt(g, 16)) : []);
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The IPv4 address an IPv6 address reaches, in every embedding a stack may route: mapped
 * (`::ffff:a.b.c.d`), translated (`::ffff:0:a.b.c.d`), compatible (`::a.b.c.d`) and NAT64
 * (`64:ff9b::a.b.c.d`). Anything else is returned as it is.
 */
export function unmapIPv4(address: string): string {
  const g = ipv6Groups(address);
  if (!g) return address;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const embedded =
    (zero(0, 5) && g[5] === 0xffff) ||
    (zero(0, 4) && g[4] === 0xffff && g[5] === 0) ||
    (zero(0, 6) && (g[6] !== 0 || (g[7] ?? 0) > 1)) ||
    (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6));
  if (!embedded) return address;
  const [high = 0, low = 0] = g.slice(6);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export type Resolution = { address: string } | { blocked: TestFailure };

/**
 * Resolves a host once and checks every address it has, so that what is checked is what is
 * connected to: DNS rebinding cannot slip a second answer past the check.
 */
export class NetworkPolicy {
  private readonly alwaysBlocked = blockList(DEFAULT_BLOCKED);
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

  /**
   * Link-local and metadata addresses first, whatever the allow list says; then the allow list
   * (when set, the only ranges permitted); then the other blocks.
   */
  permits(address: string): boolean {
    const plain = unmapIPv4(address);
    const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
    if (this.alwaysBlocked.check(plain, type)) return false;
    if (this.allowed.check(plain, type)) return true;
    return !this.hasAllowList && !this.blocked.check(plain, type);
  }

  async resolve(host: string): Promise<Resolution> {
    const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    const addresses = isIP(bare)
      ? [bare]
      : (await lookup(bare, { all: true })).map((a) => a.address);
    const refused = addresses.find((address) => !this.permits(address));
    if (refused !== undefined || addresses.length === 0)
      return { blocked: blockedFailure(host, refused ?? '') };
    return { address: unmapIPv4(addresses[0]!) };
  }
}

/** What a person reads when the policy refused `host`, which resolved to `address`. */
export function blockedFailure(host: string, address: string): TestFailure {
  return {
    errorCode: 'BLOCKED_BY_POLICY',
    message: `Connections to ${host} are not allowed by this server's network policy`,
    hint: `Check the host: ${host}${address && address !== host ? ` resolves to ${unmapIPv4(address)}, which` : ''} is an address this Sluice may not connect to. Ask an admin about CONNECTION_ALLOWED_CIDRS.`,
  };
}
