import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as Client2025 } from 'mcp-client-2025-03/client/index.js';
import { StreamableHTTPClientTransport as Transport2025 } from 'mcp-client-2025-03/client/streamableHttp.js';
import { expect } from 'vitest';
import type { TestApp } from '../support/test-app';

export interface ToolAnswer {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}

/** The app listening on a loopback port: the URL of its MCP endpoint. */
export async function mcpUrl(t: TestApp): Promise<URL> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as AddressInfo;
  return new URL(`http://127.0.0.1:${address.port}/mcp`);
}

/** A current client of the official SDK, signed in with `token`. */
export async function currentClient(url: URL, token: string): Promise<McpTestClient> {
  const client = new Client({ name: 'sluice-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return {
    tools: async () => (await client.listTools()).tools,
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolAnswer,
    close: () => client.close(),
  };
}

/** A client of the SDK that speaks the 2025-03-26 revision, as many assistants still do. */
export async function client2025(url: URL, token: string): Promise<McpTestClient> {
  const client = new Client2025({ name: 'sluice-test-2025', version: '1.0.0' });
  await client.connect(
    new Transport2025(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return {
    tools: async () => (await client.listTools()).tools,
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolAnswer,
    close: () => client.close(),
  };
}

export interface McpTestClient {
  tools(): Promise<{ name: string; annotations?: { readOnlyHint?: boolean } }[]>;
  call(name: string, args: Record<string, unknown>): Promise<ToolAnswer>;
  close(): Promise<void>;
}

export const textOf = (answer: ToolAnswer) => answer.content.map((c) => c.text).join('\n');

/** A tool answer that must be an error, its text. */
export function errorOf(answer: ToolAnswer): string {
  expect(answer.isError, textOf(answer)).toBe(true);
  return textOf(answer);
}

/** A tool answer that must succeed, its structured content. */
export function dataOf<T = Record<string, unknown>>(answer: ToolAnswer): T {
  expect(answer.isError ?? false, textOf(answer)).toBe(false);
  return answer.structuredContent as T;
}

/** A raw POST to /mcp, for what no SDK client would send. */
export async function rawPost(url: URL, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A POST with a Host header of our choosing (fetch keeps its own). */
export function postWithHost(url: URL, host: string, headers: Record<string, string>) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          host,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}
