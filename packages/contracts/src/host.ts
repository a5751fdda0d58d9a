import { z } from 'zod';

const HOSTNAME = /^(?!-)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.(?!-)[A-Za-z0-9_-]{1,63})*\.?$/;

/** RFC 4291 text forms, optionally in brackets, with an optional embedded IPv4 tail. */
export function isIPv6(text: string): boolean {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!bare.includes(':') || (bare.match(/::/g) ?? []).length > 1) return false;
  const ipv4Tail = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (ipv4Tail && ipv4Tail[1]!.split('.').some((part) => Number(part) > 255)) return false;
  const head = ipv4Tail ? bare.slice(0, bare.length - ipv4Tail[1]!.length) : bare;
  const groups = head
    .split(':')
    .filter((g, i, all) => !(g === '' && (i === 0 || i === all.length - 1)));
  if (!groups.filter((g) => g !== '').every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = groups.filter((g) => g !== '').length + (ipv4Tail ? 2 : 0);
  return bare.includes('::') ? count < 8 : count === 8;
}

/** A hostname or an IP address: no scheme, port, path, user, spaces or control characters. */
export const hostSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  .refine((h) => h.length === 0 || h.length > 255 || HOSTNAME.test(h) || isIPv6(h), {
    message: 'must be a hostname or an IP address, without scheme, port, path or user',
  });
