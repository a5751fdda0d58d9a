import { isIP } from 'node:net';
import { ConfigError } from './config-error';

/** `a.b.c.d/n` or `x::y/n` entries, comma-separated; a bare address means a single host. */
export function parseCidrList(text: string, variable: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address);
      const max = family === 4 ? 32 : 128;
      const bits = prefix === undefined ? max : Number(prefix);
      if (
        !family ||
        !Number.isInteger(bits) ||
        bits < 0 ||
        bits > max ||
        (prefix !== undefined && !/^\d+$/.test(prefix))
      ) {
        throw new ConfigError(
          `Invalid configuration: ${variable} has "${entry}", which is not an IPv4 or IPv6 CIDR`,
        );
      }
      return `${address}/${bits}`;
    });
}
