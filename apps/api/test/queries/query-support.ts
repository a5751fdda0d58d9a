import { expect } from 'vitest';
import type { QueryResult } from '@sluice/contracts';
import type { Reply, TestApp } from '../support/test-app';
export { until as eventually } from '../support/until';

export type Answer = { data: QueryResult };
export type Refusal = { code: string; detail: string; position?: number; hint?: string };

/** POST /api/connections/:id/query as `token`. */
export function querier(t: TestApp, id: () => string, token: () => string) {
  return (sql: string, extra: Record<string, unknown> = {}, as = token()): Promise<Reply> =>
    t.request('POST', `/api/connections/${id()}/query`, { token: as, body: { sql, ...extra } });
}

/** The rows of a query that must succeed. */
export async function rowsOf(reply: Promise<Reply>): Promise<QueryResult> {
  const res = await reply;
  expect(res.status, res.body).toBe(200);
  return res.json<Answer>().data;
}

/** The problem of a query that must be refused with 422. */
export async function refusalOf(reply: Promise<Reply>): Promise<Refusal> {
  const res = await reply;
  expect(res.status, res.body).toBe(422);
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json<Refusal>();
}

/** Sends every statement of `writes` and expects each refused by Sluice, none reaching `seen`. */
export async function expectRefusedBeforeTarget(
  ask: (sql: string) => Promise<Reply>,
  writes: readonly string[],
  seen: () => readonly string[],
): Promise<void> {
  const count = seen().length;
  for (const sql of writes) {
    const refusal = await refusalOf(ask(sql));
    expect(refusal.code, sql).toMatch(/^QUERY_/);
  }
  expect(seen().slice(count)).toEqual([]);
}

/** A statement past its deadline must answer TIMEOUT soon after it, the target told to stop. */
export async function expectTimedOut(
  ask: (sql: string, extra: Record<string, unknown>) => Promise<Reply>,
  sql: string,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  const refusal = await refusalOf(ask(sql, { timeoutMs }));
  expect(refusal.code).toBe('TIMEOUT');
  expect(Date.now() - started).toBeLessThan(timeoutMs + 4000);
}
