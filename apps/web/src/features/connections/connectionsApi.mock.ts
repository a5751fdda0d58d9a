import { delay, http, HttpResponse } from 'msw';
import type { Connection, TestResult } from '@sluice/contracts';
import { problem } from '../../test/fixtures';

let seq = 0;
export function aConnection(overrides: Partial<Connection> = {}): Connection {
  seq += 1;
  return {
    id: `33333333-3333-4333-8333-${String(seq).padStart(12, '0')}`,
    name: `Connection ${seq}`,
    description: null,
    dbType: 'postgresql',
    host: `db${seq}.example.com`,
    port: 5432,
    databaseName: 'app',
    username: 'app_user',
    hasCredential: true,
    writeUsername: null,
    hasWriteCredential: false,
    aiAccess: 'off',
    syncSchedule: 'daily',
    nextSyncAt: null,
    healthCheckInterval: '15m',
    healthState: 'unknown',
    healthCheckedAt: null,
    nextCheckAt: null,
    useSsl: false,
    sshTunnel: null,
    hasSshCredential: false,
    provisionedFrom: null,
    options: {},
    connectionMode: 'guided',
    purpose: null,
    isActive: true,
    serverVersion: null,
    schemaStatus: 'not_ingested',
    schemaIngestedAt: null,
    schemaMessage: null,
    schemaProgress: null,
    lastTestedAt: null,
    lastTestResult: null,
    lastTestMessage: null,
    lastTest: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdByUserId: null,
    createdByName: null,
    updatedByName: null,
    version: 1,
    ...overrides,
  };
}

export const passing: TestResult = {
  success: true,
  message: 'Connection successful',
  latencyMs: 145,
  errorCode: null,
  hint: null,
  serverVersion: 'PostgreSQL 17.6',
  stages: [
    { name: 'resolve', ok: true, ms: 1 },
    { name: 'connect', ok: true, ms: 2 },
    { name: 'authenticate', ok: true, ms: 30 },
    { name: 'query', ok: true, ms: 5 },
  ],
  privileges: { canWrite: false, superuser: false, notes: [] },
};

export const failing: TestResult = {
  success: false,
  message: 'Password authentication failed for user "app_user"',
  latencyMs: 21,
  errorCode: 'AUTH_FAILED',
  hint: 'Check the username and password: the server rejected them.',
  serverVersion: null,
  stages: [
    { name: 'resolve', ok: true, ms: 1 },
    { name: 'connect', ok: true, ms: 2 },
    { name: 'authenticate', ok: false, ms: 18 },
  ],
  privileges: null,
};

/** An in-memory connections API that honours the list query and records what it was sent. */
export function connectionsApi(initial: Connection[] = []) {
  const rows = [...initial];
  const sent = {
    lists: [] as URLSearchParams[],
    tests: [] as unknown[],
    creates: [] as unknown[],
    patches: [] as { body: unknown; ifMatch: string | null }[],
  };
  const state = { testResult: passing, savedTestResult: passing, patchStatus: 200 };
  const handlers = [
    http.get('/api/connections', ({ request }) => {
      const q = new URL(request.url).searchParams;
      sent.lists.push(q);
      const search = (q.get('search') ?? '').toLowerCase();
      const type = q.get('dbType');
      const status = q.get('status');
      const statusOf = (c: Connection) =>
        !c.isActive
          ? 'disabled'
          : c.lastTestResult === null
            ? 'untested'
            : c.lastTestResult
              ? 'connected'
              : 'failing';
      const page = Number(q.get('page') ?? 1);
      const pageSize = Number(q.get('pageSize') ?? 20);
      const matching = rows.filter(
        (c) =>
          (!search ||
            c.name.toLowerCase().includes(search) ||
            (c.description ?? '').toLowerCase().includes(search) ||
            (c.host ?? '').toLowerCase().includes(search) ||
            (c.databaseName ?? '').toLowerCase().includes(search)) &&
          (!type || c.dbType === type) &&
          (!status || statusOf(c) === status),
      );
      const items = matching.slice((page - 1) * pageSize, page * pageSize);
      return HttpResponse.json({
        data: {
          items,
          total: matching.length,
          page,
          pageSize,
          totalPages: Math.ceil(matching.length / pageSize),
        },
      });
    }),
    http.get('/api/connections/:id', ({ params }) => {
      const found = rows.find((c) => c.id === params.id);
      return found ? HttpResponse.json({ data: found }) : problem(404, 'Connection was not found');
    }),
    http.post('/api/connections/test', async ({ request }) => {
      sent.tests.push(await request.json());
      await delay(20);
      const receipt = `receipt-${sent.tests.length}`;
      return HttpResponse.json({ data: { ...state.testResult, receipt } }, { status: 201 });
    }),
    http.post('/api/connections/:id/test', async ({ params }) => {
      await delay(50);
      const row = rows.find((c) => c.id === params.id)!;
      Object.assign(row, {
        lastTestedAt: new Date().toISOString(),
        lastTestResult: state.savedTestResult.success,
        lastTestMessage: state.savedTestResult.message,
      });
      return HttpResponse.json({ data: state.savedTestResult }, { status: 201 });
    }),
    http.post('/api/connections', async ({ request }) => {
      const body = (await request.json()) as Partial<Connection>;
      sent.creates.push(body);
      const created = aConnection({ ...body, hasCredential: 'password' in body });
      rows.push(created);
      return HttpResponse.json({ data: created }, { status: 201 });
    }),
    http.patch('/api/connections/:id', async ({ request, params }) => {
      const body = await request.json();
      sent.patches.push({ body, ifMatch: request.headers.get('if-match') });
      if (state.patchStatus === 412)
        return problem(412, 'Someone else changed this connection', {
          code: 'PRECONDITION_FAILED',
        });
      if (state.patchStatus === 400)
        return problem(400, 'Invalid host', {
          errors: [{ path: 'host', message: 'must be a hostname or an IP address' }],
        });
      const row = rows.find((c) => c.id === params.id)!;
      Object.assign(row, body, { version: row.version + 1 });
      return HttpResponse.json({ data: row });
    }),
    http.get('/api/connections/:id/schema/tags', () => HttpResponse.json({ data: [] })),
    http.get('/api/connections/health/recent', ({ request }) => {
      const ids = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
      return HttpResponse.json({ data: Object.fromEntries(ids.map((id) => [id, []])) });
    }),
    http.get('/api/connections/:id/health', () =>
      HttpResponse.json({
        data: {
          from: new Date(Date.now() - 86_400_000).toISOString(),
          to: new Date().toISOString(),
          summary: {
            checks: 0,
            uptimePercent: null,
            p50LatencyMs: null,
            p95LatencyMs: null,
            lastFailure: null,
          },
          checks: [],
        },
      }),
    ),
    http.put('/api/connections/:id/ai-access', async ({ request, params }) => {
      const row = rows.find((c) => c.id === params.id)!;
      const { aiAccess } = (await request.json()) as Pick<Connection, 'aiAccess'>;
      Object.assign(row, { aiAccess, version: row.version + 1 });
      return HttpResponse.json({ data: row });
    }),
    http.delete('/api/connections/:id', ({ params }) => {
      const index = rows.findIndex((c) => c.id === params.id);
      rows.splice(index, 1);
      return new HttpResponse(null, { status: 204 });
    }),
  ];
  return { handlers, rows, sent, state };
}
