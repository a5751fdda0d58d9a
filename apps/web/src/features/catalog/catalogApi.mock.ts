import { http, HttpResponse } from 'msw';
import type {
  CatalogContext,
  EmbeddingStatus,
  CatalogObject,
  CatalogSearchHit,
  Connection,
  SchemaChange,
  SchemaSync,
} from '@sluice/contracts';

export function aCatalogObject(overrides: Partial<CatalogObject> = {}): CatalogObject {
  return {
    schemaName: 'public',
    name: 'customers',
    kind: 'table',
    comment: null,
    rowEstimate: null,
    primaryKey: [],
    foreignKeys: [],
    indexes: [],
    columns: [],
    ...overrides,
  };
}

export const aColumn = (name: string, dataType: string, ordinal = 1) => ({
  ordinal,
  name,
  dataType,
  nullable: true,
  defaultValue: null,
  comment: null,
  tag: null,
});

const aSync = (connectionId: string, state: SchemaSync['state']): SchemaSync => ({
  id: '44444444-4444-4444-8444-000000000001',
  connectionId,
  state,
  attempt: 0,
  maxAttempts: 3,
  createdAt: '2026-02-01T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
});

/**
 * The schema endpoints over the connections of `connectionsApi`: the catalog filters like the
 * server, a sync marks its connection queued, a cancel puts it back; every request is recorded.
 */
export function schemaApi(rows: Connection[], objects: CatalogObject[] = []) {
  const sent = {
    lists: [] as URLSearchParams[],
    syncs: [] as string[],
    cancels: [] as string[],
    searches: [] as string[],
    contexts: [] as string[],
  };
  const state = {
    changes: [] as SchemaChange[],
    hits: [] as CatalogSearchHit[],
    context: { tables: [], text: '', truncated: false, semantic: false } as CatalogContext,
    embedding: {
      state: 'ready',
      model: null,
      done: objects.length,
      total: objects.length,
      embedded: 0,
      message: null,
      updatedAt: null,
    } as EmbeddingStatus,
  };
  const handlers = [
    http.get('/api/connections/:id/schema', ({ request }) => {
      const q = new URL(request.url).searchParams;
      sent.lists.push(q);
      const search = (q.get('search') ?? '').toLowerCase();
      const schema = q.get('schema');
      const matching = objects.filter(
        (o) =>
          (!schema || o.schemaName === schema) &&
          (!search ||
            o.name.toLowerCase().includes(search) ||
            o.columns.some((c) => c.name.toLowerCase().includes(search))),
      );
      return HttpResponse.json({
        data: {
          items: matching,
          total: matching.length,
          page: 1,
          pageSize: Number(q.get('pageSize') ?? 50),
          totalPages: 1,
          schemas: [...new Set(objects.map((o) => o.schemaName))].sort(),
          ingestedAt: objects.length ? '2026-02-01T10:00:00.000Z' : null,
          embedding: state.embedding,
        },
      });
    }),
    http.get('/api/connections/:id/schema/changes', () =>
      HttpResponse.json({ data: state.changes }),
    ),
    http.post('/api/connections/:id/schema/sync', ({ params }) => {
      const id = String(params.id);
      sent.syncs.push(id);
      const row = rows.find((c) => c.id === id)!;
      Object.assign(row, { schemaStatus: 'queued', schemaMessage: null });
      return HttpResponse.json({ data: aSync(id, 'queued') }, { status: 202 });
    }),
    http.delete('/api/connections/:id/schema/sync', ({ params }) => {
      const id = String(params.id);
      sent.cancels.push(id);
      const row = rows.find((c) => c.id === id)!;
      Object.assign(row, {
        schemaStatus: row.schemaIngestedAt ? 'ready' : 'not_ingested',
        schemaMessage: 'The last sync was cancelled',
        schemaProgress: null,
      });
      return HttpResponse.json({ data: aSync(id, 'cancelled') });
    }),
    http.get('/api/catalog/context', ({ request }) => {
      sent.contexts.push(new URL(request.url).searchParams.get('q') ?? '');
      return HttpResponse.json({ data: state.context });
    }),
    http.get('/api/catalog/search', ({ request }) => {
      const q = new URL(request.url).searchParams.get('q') ?? '';
      sent.searches.push(q);
      const text = q.toLowerCase();
      const data = state.hits.filter(
        (h) =>
          h.objectName.toLowerCase().includes(text) ||
          (h.columnName ?? '').toLowerCase().includes(text) ||
          (h.comment ?? '').toLowerCase().includes(text),
      );
      const total = new Set(data.map((h) => `${h.connectionId}.${h.schemaName}.${h.objectName}`))
        .size;
      return HttpResponse.json({
        data,
        meta: { total, totalIsLowerBound: false, page: 1, limit: 20 },
      });
    }),
    http.get('/api/catalog/connections', () => {
      const byId = new Map<string, { id: string; name: string; schemas: Set<string> }>();
      for (const h of state.hits) {
        const c = byId.get(h.connectionId) ?? {
          id: h.connectionId,
          name: h.connectionName,
          schemas: new Set<string>(),
        };
        c.schemas.add(h.schemaName);
        byId.set(h.connectionId, c);
      }
      return HttpResponse.json({
        data: [...byId.values()].map((c) => ({
          id: c.id,
          name: c.name,
          dbType: 'postgresql',
          tables: 1,
          schemas: [...c.schemas],
        })),
      });
    }),
  ];
  return { handlers, sent, state };
}
