import { createServer, type Socket } from 'node:net';
import { freePort } from './free-port';
import {
  PACKET_SIZE,
  TYPE,
  packets,
  preloginReply,
  decodeLogin,
  done,
  errorToken,
  envChange,
  loginAck,
  resultSets,
  type TdsLogin,
  type TdsResultSet,
} from './tds-tokens';

export type { TdsCell, TdsColumn, TdsLogin, TdsResultSet } from './tds-tokens';

/**
 * A SQL Server protocol peer (TDS 7.4) for tests, since no SQL Server ships with Debian or npm.
 * It speaks what a client meets first: PRELOGIN (with the server's encryption answer), LOGIN7
 * (user, obfuscated password, database) answered by LOGINACK or the real login errors
 * (18456, 4060), SQL batches answered with result sets or errors the test supplies, and a
 * batch that never finishes until the client's ATTENTION, which it acknowledges.
 */
export interface TdsPeerOptions {
  /** user → password */
  users: Record<string, string>;
  databases: string[];
  /** What the server answers to the client's encryption request. */
  encryption?: 'not_supported' | 'required';
  /** An error every login gets instead of a LOGINACK (e.g. 40615, an Azure firewall refusal). */
  loginError?: { number: number; message: string };
  /** The result sets of one batch, by its text; undefined answers "done" with no rows. */
  answer?: (sql: string, login: TdsLogin) => TdsResultSet[] | undefined;
  /** The error a batch fails with, by its text (e.g. 229, permission denied). */
  fail?: (sql: string) => { number: number; message: string } | undefined;
  /** Batches that run until the client cancels them (ATTENTION). */
  stall?: (sql: string) => boolean;
}
export interface TdsPeer {
  port: number;
  logins: TdsLogin[];
  batches: string[];
  /** How many ATTENTION (cancel) messages arrived. */
  attentions(): number;
  openSockets(): number;
  close(): Promise<void>;
}

export async function startTdsPeer(options: TdsPeerOptions): Promise<TdsPeer> {
  const logins: TdsLogin[] = [];
  const batches: string[] = [];
  let attentions = 0;
  let open = 0;
  const encryption = options.encryption === 'required' ? 0x03 : 0x02;

  const serve = (socket: Socket) => {
    open += 1;
    socket.on('close', () => (open -= 1));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let message: Buffer[] = [];
    let login: TdsLogin | undefined;
    const reply = (payload: Buffer) => socket.write(packets(TYPE.reply, payload));

    const handle = (type: number, payload: Buffer) => {
      if (type === TYPE.prelogin) return reply(preloginReply(encryption));
      if (type === TYPE.login7) {
        login = decodeLogin(payload);
        logins.push(login);
        const database = login.database || 'master';
        if (options.loginError) {
          const { number, message: text } = options.loginError;
          return reply(Buffer.concat([errorToken(number, text), done(0x02)]));
        }
        if (options.users[login.user] !== login.password) {
          return reply(
            Buffer.concat([
              errorToken(18456, `Login failed for user '${login.user}'.`),
              done(0x02),
            ]),
          );
        }
        if (!options.databases.includes(database)) {
          return reply(
            Buffer.concat([
              errorToken(
                4060,
                `Cannot open database "${database}" requested by the login. The login failed.`,
                11,
              ),
              errorToken(18456, `Login failed for user '${login.user}'.`),
              done(0x02),
            ]),
          );
        }
        return reply(
          Buffer.concat([
            envChange(1, database, 'master'),
            envChange(4, String(PACKET_SIZE), String(PACKET_SIZE)),
            loginAck(),
            done(0),
          ]),
        );
      }
      if (type === TYPE.batch && login) {
        const sql = payload.subarray(payload.readUInt32LE(0)).toString('utf16le');
        batches.push(sql);
        if (options.stall?.(sql)) return undefined; // until ATTENTION
        const failure = options.fail?.(sql);
        if (failure)
          return reply(Buffer.concat([errorToken(failure.number, failure.message), done(0x02)]));
        return reply(resultSets(options.answer?.(sql, login) ?? []));
      }
      if (type === TYPE.attention) {
        attentions += 1;
        return reply(done(0x20)); // DONE_ATTN: the batch was cancelled
      }
      return undefined; // anything else: no answer
    };

    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readUInt16BE(2)) {
        const length = buffered.readUInt16BE(2);
        const type = buffered.readUInt8(0);
        const last = (buffered.readUInt8(1) & 0x01) === 1;
        message.push(buffered.subarray(8, length));
        buffered = buffered.subarray(length);
        if (last) {
          const payload = Buffer.concat(message);
          message = [];
          handle(type, payload);
        }
      }
    });
  };

  const server = createServer(serve);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    logins,
    batches,
    attentions: () => attentions,
    openSockets: () => open,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
