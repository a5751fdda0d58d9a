/**
 * What run_query through /mcp costs beside the REST query endpoint and the raw driver, against
 * the same local PostgreSQL in the same run: one row, one call at a time, through the official
 * SDK's client (what an assistant uses). Both Sluice paths audit each call and keep their target
 * sessions open between queries.
 */
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client } from 'pg';
import { startBenchSluice } from './lib/sluice';
import { median, ms, ratio } from './lib/stats';

export async function runMcpBench(): Promise<void> {
  const sluice = await startBenchSluice();
  const json = async (path: string, method: string, body: unknown) => {
    const res = await fetch(`${sluice.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${sluice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { data: { id: string; token: string } };
  };
  const url = new URL(sluice.serverUrl);
  const open = new Client({ connectionString: sluice.serverUrl });
  let mcp: McpClient | undefined;
  try {
    const { id } = (
      await json('/api/connections', 'POST', {
        name: 'bench',
        dbType: 'postgresql',
        host: url.hostname,
        port: Number(url.port),
        databaseName: 'postgres',
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      })
    ).data;
    await json(`/api/connections/${id}/ai-access`, 'PUT', {
      aiAccess: 'query',
      acknowledgeWriteCapable: true,
    });
    const { token } = (
      await json('/api/tokens', 'POST', { name: 'bench', scopes: ['connections:query'] })
    ).data;
    mcp = new McpClient({ name: 'bench', version: '1' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`${sluice.baseUrl}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    await open.connect();
    const sql = 'select 1 as one';
    const iterations = 300;
    const viaMcp = await median(iterations, async () => {
      const answer = await mcp!.callTool({ name: 'run_query', arguments: { connection: id, sql } });
      if (answer.isError) throw new Error(JSON.stringify(answer.content));
    });
    const rpc = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'run_query', arguments: { connection: id, sql } },
    });
    const viaPost = await median(iterations, async () => {
      const res = await fetch(`${sluice.baseUrl}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
        },
        body: rpc,
      });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"isError":true')) throw new Error(text);
    });
    const viaRest = await median(iterations, async () => {
      const res = await fetch(`${sluice.baseUrl}/api/connections/${id}/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sql }),
      });
      if (res.status !== 200) throw new Error(await res.text());
      await res.arrayBuffer();
    });
    const raw = await median(iterations, async () => {
      const client = new Client({ connectionString: sluice.serverUrl });
      await client.connect();
      await client.query({ text: sql, rowMode: 'array' });
      await client.end();
    });
    const rawOpen = await median(iterations, async () => {
      await open.query({ text: sql, rowMode: 'array' });
    });
    console.log('run_query of one row, one call at a time (medians of 300)');
    console.log(
      'path                         | median   | vs raw connect+query | vs raw open conn.',
    );
    const row = (label: string, value: number) =>
      console.log(
        [
          label.padEnd(28),
          ms(value).padStart(8),
          `${ratio(value, raw)} (${value >= raw ? '+' : ''}${ms(value - raw)})`.padStart(20),
          `+${ms(value - rawOpen)}`.padStart(17),
        ].join(' | '),
      );
    row('MCP run_query (SDK client)', viaMcp);
    row('MCP tools/call (one POST)', viaPost);
    row('REST POST …/query', viaRest);
    row('raw pg: connect+query+end', raw);
    row('raw pg: open connection', rawOpen);
  } finally {
    await mcp?.close().catch(() => undefined);
    await open.end().catch(() => undefined);
    await sluice.stop();
  }
}
