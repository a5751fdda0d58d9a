import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/config';
import { parseCidrList } from '../../config/cidr';
import { NetworkPolicy, unmapIPv4 } from './network-policy';

const policy = (network: Partial<AppConfig['network']> = {}) =>
  new NetworkPolicy({
    network: { blocked: [], allowed: [], blockPrivate: false, ...network },
  });

describe('NetworkPolicy', () => {
  it.each([
    '169.254.169.254',
    '2852039166',
    '0xa9.0xfe.0xa9.0xfe',
    '0251.0376.0251.0376',
    '169.254.43518',
    '169.254.169.254.',
    '[::ffff:169.254.169.254]',
    '::ffff:a9fe:a9fe',
    'fd00:ec2::254',
    '[fe80::1]',
    '0.0.0.0',
  ])('blocks the metadata / link-local spelling %s by default', async (host) => {
    const result = await policy().resolve(host);
    expect(result).toMatchObject({ blocked: { errorCode: 'BLOCKED_BY_POLICY' } });
  });

  it.each([
    '127.0.0.1',
    '127.1',
    '2130706433',
    '0x7f000001',
    '017700000001',
    'localhost',
    '[::1]',
    '::ffff:127.0.0.1',
    '10.1.2.3',
    '192.168.0.10',
    '172.20.0.1',
  ])('blocks %s with BLOCK_PRIVATE_NETWORKS=true', async (host) => {
    expect(await policy({ blockPrivate: true }).resolve(host)).toMatchObject({
      blocked: { errorCode: 'BLOCKED_BY_POLICY' },
    });
  });

  it('permits loopback and private addresses by default, normalised', async () => {
    expect(await policy().resolve('127.1')).toEqual({ address: '127.0.0.1' });
    expect(await policy().resolve('::ffff:10.0.0.5')).toEqual({ address: '10.0.0.5' });
  });

  it('blocks CONNECTION_BLOCKED_CIDRS and lets CONNECTION_ALLOWED_CIDRS punch holes', async () => {
    const custom = policy({
      blockPrivate: true,
      blocked: ['203.0.113.0/24'],
      allowed: ['10.1.2.0/24'],
    });
    expect(await custom.resolve('203.0.113.9')).toHaveProperty('blocked');
    expect(await custom.resolve('10.1.2.3')).toEqual({ address: '10.1.2.3' });
    expect(await custom.resolve('10.1.3.3')).toHaveProperty('blocked');
  });

  it('with an allow-list, permits only what it lists', async () => {
    const only = policy({ allowed: ['198.51.100.0/24'] });
    expect(await only.resolve('198.51.100.7')).toEqual({ address: '198.51.100.7' });
    expect(await only.resolve('203.0.113.9')).toHaveProperty('blocked');
  });

  it('names the resolved address in the hint', async () => {
    const result = await policy({ blockPrivate: true }).resolve('2130706433');
    expect(result).toMatchObject({
      blocked: { hint: expect.stringContaining('127.0.0.1') as string },
    });
  });

  it('unmaps IPv4-mapped IPv6 addresses', () => {
    expect(unmapIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(unmapIPv4('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('parseCidrList', () => {
  it('reads CIDRs and single addresses, and refuses anything else naming the variable', () => {
    expect(parseCidrList(' 10.0.0.0/8, 2001:db8::/32 ,192.0.2.1', 'X')).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '192.0.2.1/32',
    ]);
    expect(() => parseCidrList('10.0.0.0/33', 'CONNECTION_BLOCKED_CIDRS')).toThrow(
      /CONNECTION_BLOCKED_CIDRS has "10.0.0.0\/33"/,
    );
    expect(() => parseCidrList('example.com/8', 'X')).toThrow(/not an IPv4 or IPv6 CIDR/);
  });
});

describe('security findings 16 and 18', () => {
  it('reads IPv4 embedded in IPv6 as the IPv4 address it reaches', () => {
    expect(unmapIPv4('::7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('::ffff:0:7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('64:ff9b::7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('64:ff9b::169.254.169.254')).toBe('169.254.169.254');
    expect(unmapIPv4('::1')).toBe('::1');
    expect(unmapIPv4('::')).toBe('::');
    const strict = policy({ blockPrivate: true });
    for (const address of ['::7f00:1', '::ffff:0:7f00:1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe'])
      expect(strict.permits(address), address).toBe(false);
  });

  it('keeps metadata and link-local blocked whatever the allow list says', () => {
    const everything = policy({ allowed: ['0.0.0.0/0', '::/0'] });
    expect(everything.permits('169.254.169.254')).toBe(false);
    expect(everything.permits('::ffff:169.254.169.254')).toBe(false);
    expect(everything.permits('fe80::1')).toBe(false);
    expect(everything.permits('203.0.113.7')).toBe(true);
  });
});
