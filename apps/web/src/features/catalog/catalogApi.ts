import type {
  CatalogContext,
  CatalogSearchHit,
  ColumnTagEntry,
  ColumnTagRequest,
  SchemaChange,
  SchemaListQuery,
  SchemaPage,
  SchemaSync,
} from '@sluice/contracts';
import { api, withQuery } from '../../lib/apiClient';

export type SchemaListParams = Partial<SchemaListQuery>;

export const fetchSchema = (id: string, params: SchemaListParams) =>
  api<SchemaPage>(withQuery(`/connections/${id}/schema`, { ...params }));
export const fetchSchemaChanges = (id: string) =>
  api<SchemaChange[]>(`/connections/${id}/schema/changes`);
export const startSchemaSync = (id: string) =>
  api<SchemaSync>(`/connections/${id}/schema/sync`, { method: 'POST' });
export const cancelSchemaSync = (id: string) =>
  api<SchemaSync>(`/connections/${id}/schema/sync`, { method: 'DELETE' });
/** How many hits the Catalog page asks for; it says so when that many come back. */
export const SEARCH_LIMIT = 50;
export const searchCatalog = (q: string) =>
  api<CatalogSearchHit[]>(withQuery('/catalog/search', { q, limit: SEARCH_LIMIT }));
export const fetchCatalogContext = (q: string) =>
  api<CatalogContext>(withQuery('/catalog/context', { q }));
export const setColumnTag = (id: string, body: ColumnTagRequest) =>
  api<ColumnTagEntry[]>(`/connections/${id}/schema/tags`, { method: 'PUT', body });
export const fetchColumnTags = (id: string) =>
  api<ColumnTagEntry[]>(`/connections/${id}/schema/tags`);
