import type { QueryHistoryItem, QueryRequest, QueryResult } from '@sluice/contracts';
import { api, withQuery } from '../../lib/apiClient';
import { fetchSchema } from '../catalog/catalogApi';

export const runQuery = (id: string, body: QueryRequest, signal?: AbortSignal) =>
  api<QueryResult>(`/connections/${id}/query`, { method: 'POST', body, signal });

export const fetchQueryHistory = (connectionId: string) =>
  api<QueryHistoryItem[]>(withQuery('/queries/history', { connectionId }));

/** Table → column names from the catalog, for completion: at most 500 tables are read. */
export async function fetchCompletionSchema(id: string): Promise<Record<string, string[]>> {
  const schema: Record<string, string[]> = {};
  for (let page = 1; page <= 5; page++) {
    const result = await fetchSchema(id, { page, pageSize: 100 });
    for (const object of result.items) {
      const columns = object.columns.map((c) => c.name);
      schema[`${object.schemaName}.${object.name}`] = columns;
      schema[object.name] ??= columns;
    }
    if (page >= result.totalPages) break;
  }
  return schema;
}
