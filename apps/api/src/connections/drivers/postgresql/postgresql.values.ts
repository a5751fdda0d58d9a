import { types } from 'pg';
import type { QueryValue } from '@sluice/contracts';

/** Every value is read as the server's text: each type is then made JSON-safe without loss. */
export const RAW_TEXT = { getTypeParser: () => (text: string) => text };

/** Names of the built-in types, by OID; any other is asked of the server. */
export const PG_TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'boolean',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  26: 'oid',
  114: 'json',
  142: 'xml',
  650: 'cidr',
  700: 'real',
  701: 'double precision',
  790: 'money',
  829: 'macaddr',
  869: 'inet',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1186: 'interval',
  1266: 'time with time zone',
  1560: 'bit',
  1562: 'bit varying',
  1700: 'numeric',
  2249: 'record',
  2950: 'uuid',
  3802: 'jsonb',
  705: 'unknown',
  1000: 'boolean[]',
  1005: 'smallint[]',
  1007: 'integer[]',
  1016: 'bigint[]',
  1009: 'text[]',
  1015: 'character varying[]',
  1014: 'character[]',
  1021: 'real[]',
  1022: 'double precision[]',
  1231: 'numeric[]',
  2951: 'uuid[]',
};

/** Arrays whose elements stay exact as JSON: parsed into arrays (big numbers stay strings). */
const ARRAYS_OF_TEXT = new Set([1009, 1015, 1014, 2951, 1016, 1231]);
const ARRAYS_OF_NUMBERS = new Set([1005, 1007, 1021, 1022]);

function finite(text: string): QueryValue {
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** `2024-05-01 10:00:00.5+00` (the session is in UTC) → `2024-05-01T10:00:00.5Z`. */
function isoTimestamp(text: string, zoned: boolean): string {
  if (!/^\d{4}-\d\d-\d\d \d/.test(text)) return text; // infinity, BC dates: as the server says
  const iso = text.replace(' ', 'T');
  return zoned ? iso.replace(/\+00$/, 'Z').replace(/([+-]\d\d)$/, '$1:00') : iso;
}

function parseArray(text: string, oid: number): QueryValue {
  const parse = types.getTypeParser(oid === 1016 || oid === 1231 ? 1009 : oid, 'text') as (
    t: string,
  ) => unknown;
  const parsed = parse(text);
  return Array.isArray(parsed) ? (parsed as QueryValue[]) : text;
}

/** One cell from its text, by type: exact numbers as strings, bytes as base64, times as ISO 8601. */
export function pgValue(text: string | null, oid: number): QueryValue {
  if (text === null) return null;
  switch (oid) {
    case 16:
      return text === 't';
    case 21:
    case 23:
    case 26:
    case 700:
    case 701:
      return finite(text);
    case 114:
    case 3802:
      return JSON.parse(text) as QueryValue;
    case 17:
      return Buffer.from(text.slice(2), 'hex').toString('base64');
    case 1114:
      return isoTimestamp(text, false);
    case 1184:
      return isoTimestamp(text, true);
    default:
      if (ARRAYS_OF_TEXT.has(oid)) return parseArray(text, oid);
      if (ARRAYS_OF_NUMBERS.has(oid)) {
        const parsed = parseArray(text, 1009);
        return Array.isArray(parsed)
          ? parsed.map((v) => (typeof v === 'string' ? finite(v) : v))
          : parsed;
      }
      if (oid === 1000) {
        const parsed = parseArray(text, 1009);
        return Array.isArray(parsed) ? parsed.map((v) => (v === null ? null : v === 't')) : parsed;
      }
      return text;
  }
}
