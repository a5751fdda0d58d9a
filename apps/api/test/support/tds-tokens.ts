/** The TDS 7.4 packets and tokens the SQL Server peer writes and reads. */
export type TdsCell = string | number | boolean | null;
export interface TdsColumn {
  name: string;
  type: 'nvarchar' | 'int' | 'bigint' | 'bit';
}
export interface TdsResultSet {
  columns: TdsColumn[];
  rows: TdsCell[][];
}
export interface TdsLogin {
  user: string;
  password: string;
  database: string;
  appName: string;
}

export const PACKET_SIZE = 4096;
export const TYPE = {
  batch: 0x01,
  reply: 0x04,
  attention: 0x06,
  login7: 0x10,
  prelogin: 0x12,
} as const;
export const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export const ucs2 = (text: string) => Buffer.from(text, 'utf16le');
export const u8 = (n: number) => Buffer.from([n]);
export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
export const bVarchar = (text: string) => Buffer.concat([u8(text.length), ucs2(text)]);
export const usVarchar = (text: string) => Buffer.concat([u16(text.length), ucs2(text)]);

export function packets(type: number, payload: Buffer): Buffer {
  const out: Buffer[] = [];
  const room = PACKET_SIZE - 8;
  for (let at = 0, id = 1; at < payload.length || at === 0; at += room, id += 1) {
    const chunk = payload.subarray(at, at + room);
    const last = at + room >= payload.length;
    const header = Buffer.from([type, last ? 1 : 0, 0, 0, 0, 0, id % 256, 0]);
    header.writeUInt16BE(chunk.length + 8, 2);
    out.push(header, chunk);
    if (last) break;
  }
  return Buffer.concat(out);
}

export function preloginReply(encryption: number): Buffer {
  const options = [
    [0x00, Buffer.from([16, 0, 0x03, 0xe8, 0, 0])],
    [0x01, u8(encryption)],
    [0x02, u8(0)],
    [0x04, u8(0)],
  ] as const;
  let offset = options.length * 5 + 1;
  const table: Buffer[] = [];
  for (const [token, data] of options) {
    const entry = Buffer.alloc(5);
    entry.writeUInt8(token, 0);
    entry.writeUInt16BE(offset, 1);
    entry.writeUInt16BE(data.length, 3);
    table.push(entry);
    offset += data.length;
  }
  return Buffer.concat([...table, u8(0xff), ...options.map(([, data]) => data)]);
}

export function decodeLogin(payload: Buffer): TdsLogin {
  const field = (at: number) => {
    const offset = payload.readUInt16LE(at);
    const chars = payload.readUInt16LE(at + 2);
    return payload.subarray(offset, offset + chars * 2);
  };
  // The password is "obfuscated": each byte's nibbles swapped, then XOR 0xA5.
  const password = Buffer.from(
    [...field(44)].map((b) => {
      const x = b ^ 0xa5;
      return ((x & 0x0f) << 4) | (x >> 4);
    }),
  );
  return {
    user: field(40).toString('utf16le'),
    password: password.toString('utf16le'),
    appName: field(48).toString('utf16le'),
    database: field(68).toString('utf16le'),
  };
}

export function token(type: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u16(body.length), body]);
}

export function done(status: number, rowCount = 0, command = 0): Buffer {
  const count = Buffer.alloc(8);
  count.writeBigUInt64LE(BigInt(rowCount));
  return Buffer.concat([u8(0xfd), u16(status), u16(command), count]);
}

export function errorToken(number: number, message: string, severity = 14): Buffer {
  return token(
    0xaa,
    Buffer.concat([
      u32(number),
      u8(1),
      u8(severity),
      usVarchar(message),
      bVarchar('tds-peer'),
      bVarchar(''),
      u32(1),
    ]),
  );
}

export const envChange = (type: number, next: string, previous: string) =>
  token(0xe3, Buffer.concat([u8(type), bVarchar(next), bVarchar(previous)]));

export function loginAck(): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(0x74000004);
  return token(
    0xad,
    Buffer.concat([u8(1), version, bVarchar('Microsoft SQL Server'), Buffer.from([16, 0, 3, 232])]),
  );
}

export function typeInfo(column: TdsColumn): Buffer {
  switch (column.type) {
    case 'nvarchar':
      return Buffer.concat([u8(0xe7), u16(8000), COLLATION]);
    case 'int':
      return Buffer.from([0x26, 4]);
    case 'bigint':
      return Buffer.from([0x26, 8]);
    case 'bit':
      return Buffer.from([0x68, 1]);
  }
}

export function cell(column: TdsColumn, value: TdsCell): Buffer {
  if (column.type === 'nvarchar') {
    if (value === null) return u16(0xffff);
    const bytes = ucs2(String(value));
    return Buffer.concat([u16(bytes.length), bytes]);
  }
  if (value === null) return u8(0);
  if (column.type === 'bit') return Buffer.from([1, value ? 1 : 0]);
  if (column.type === 'int') return Buffer.concat([u8(4), u32(Number(value))]);
  const big = Buffer.alloc(8);
  big.writeBigInt64LE(BigInt(Number(value)));
  return Buffer.concat([u8(8), big]);
}

export function resultSets(sets: TdsResultSet[]): Buffer {
  if (sets.length === 0) return done(0);
  return Buffer.concat(
    sets.flatMap((set, i) => [
      u8(0x81),
      u16(set.columns.length),
      ...set.columns.map((c) =>
        Buffer.concat([u32(0), u16(0x0001), typeInfo(c), bVarchar(c.name)]),
      ),
      ...set.rows.map((row) =>
        Buffer.concat([u8(0xd1), ...set.columns.map((c, j) => cell(c, row[j] ?? null))]),
      ),
      done(0x10 | (i < sets.length - 1 ? 0x01 : 0), set.rows.length, 0xc1),
    ]),
  );
}
