import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStreamLineSchema, type TestStreamLine } from '@sluice/contracts';
import { createTestApp, unique, type TestApp } from '../support/test-app';
import { postgresTarget } from '../support/target';
import { startSilentServer, type SilentServer } from '../support/silent-server';
import { until } from '../support/until';

/**
 * A dialog's test seen as it runs: its stages streamed as JSON lines while the test is under
 * way, and a caller that goes away ending it (and its sockets) long before its deadline.
 */
describe('a connection test watched live, and ended by going away', () => {
  let t: TestApp;
  let admin: string;
  let base: string;
  let silent: SilentServer;
  const target = postgresTarget();
  const secret = unique('Str3am-secret');

  beforeAll(async () => {
    // A long deadline: a test that ends early ended because its caller left.
    t = await createTestApp({ CONNECTION_TEST_TIMEOUT_MS: '30000' });
    admin = await t.adminToken();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpAdapter().getInstance().server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await silent?.close();
    await t?.close();
  });

  /** Posts a test over real HTTP; lines are collected as they arrive. */
  const post = (body: Record<string, unknown>, accept = 'application/x-ndjson') => {
    const lines: { line: TestStreamLine; silentSockets: number }[] = [];
    let response: IncomingMessage | undefined;
    const req = httpRequest(`${base}/api/connections/test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', accept },
    });
    req.on('error', () => undefined);
    const done = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        response = res;
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let at: number;
          while ((at = buffered.indexOf('\n')) >= 0) {
            const text = buffered.slice(0, at);
            buffered = buffered.slice(at + 1);
            lines.push({
              line: testStreamLineSchema.parse(JSON.parse(text)),
              silentSockets: silent.openSockets(),
            });
          }
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
      });
    });
    req.end(JSON.stringify(body));
    return { lines, done, response: () => response, drop: () => req.destroy() };
  };

  it('streams each stage as it ends, then the whole result, which is the stages streamed', async () => {
    const test = post({ ...target, password: target.password });
    await test.done;
    expect(test.response()?.statusCode).toBe(200);
    expect(test.response()?.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const stages = test.lines.flatMap(({ line }) => ('stage' in line ? [line.stage] : []));
    const last = test.lines.at(-1)?.line;
    expect(last && 'data' in last && last.data.success).toBe(true);
    const result = last && 'data' in last ? last.data : null;
    expect(stages.map((s) => s.name)).toEqual(['resolve', 'connect', 'authenticate', 'query']);
    expect(result?.stages).toEqual(stages);
    expect(result?.receipt).toEqual(expect.any(String));
  });

  /** The tests ended because their caller left, as the audit log has them. */
  const cancelled = () =>
    t.pool.query<{ details: Record<string, unknown> }>(
      "select details from audit_events where action = 'connections:test' and details->>'errorCode' = 'CANCELLED' order by created_at",
    );

  it('shows a silent server’s connect stage while the test still waits on it', async () => {
    const cancelledBefore = (await cancelled()).rowCount!;
    const test = post({ ...target, host: '127.0.0.1', port: silent.port });
    await until(() =>
      expect(test.lines.some(({ line }) => 'stage' in line && line.stage.name === 'connect')).toBe(
        true,
      ),
    );
    const connect = test.lines.find(({ line }) => 'stage' in line && line.stage.name === 'connect');
    // The line came while Sluice's socket to the silent server was still open: live, not at the end.
    expect(connect?.silentSockets).toBe(1);
    expect(test.lines.some(({ line }) => 'data' in line)).toBe(false);
    test.drop();
    await until(() => expect(silent.openSockets()).toBe(0));
    // Its audit event is written after the socket closes: wait for it, so the next test counts
    // only its own.
    await until(async () => expect((await cancelled()).rows).toHaveLength(cancelledBefore + 1));
  });

  it('ends a test whose caller went away, closes its socket, and audits it as CANCELLED', async () => {
    const before = silent.accepted();
    const cancelledBefore = (await cancelled()).rowCount!;
    const started = Date.now();
    // The plain answer, as a client without streaming asks: going away ends it too.
    const test = post(
      { ...target, host: '127.0.0.1', port: silent.port, password: secret },
      'application/json',
    );
    await until(() => expect(silent.accepted()).toBe(before + 1));
    expect(silent.openSockets()).toBe(1);
    test.drop();
    await until(() => expect(silent.openSockets()).toBe(0));
    // Far from the 30 s deadline: ended because the caller left.
    expect(Date.now() - started).toBeLessThan(15_000);
    await until(async () => expect((await cancelled()).rows).toHaveLength(cancelledBefore + 1));
    const events = (await cancelled()).rows;
    expect(events.at(-1)?.details).toMatchObject({ success: false, saved: false });
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('refuses bad input before streaming, as problem+json', async () => {
    const test = post({ ...target, port: 'not-a-port' });
    await test.done;
    expect(test.response()?.statusCode).toBe(400);
    expect(test.response()?.headers['content-type']).toContain('application/problem+json');
    expect(test.lines).toEqual([]);
  });
});
