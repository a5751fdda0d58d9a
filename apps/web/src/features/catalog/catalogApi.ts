import type {
  CatalogConnection,
  CatalogContext,
  CatalogSearchHit,
  CatalogSearchResponse,
  ColumnTagEntry,
  ColumnTagRequest,
  SchemaChange,
  SchemaListQuery,
  SchemaPage,
  SchemaSync,
} from '@sluice/contracts';
import { api, apiRequest, withQuery } from '../../lib/apiClient';

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
export interface CatalogSearchParams {
  q: string;
  page: number;
  pageSize: number;
  connectionId?: string;
  schema?: string;
  kind?: string;
}
/** A page of tables that match, each with all its matching columns, and how many match in all. */
export const searchCatalog = async ({ pageSize, ...params }: CatalogSearchParams) =>
  (
    await apiRequest<CatalogSearchHit[]>(
      withQuery('/catalog/search', { ...params, limit: pageSize }),
    )
  ).body as CatalogSearchResponse;
export const fetchCatalogConnections = () => api<CatalogConnection[]>('/catalog/connections');
export const fetchCatalogContext = (q: string) =>
  api<CatalogContext>(withQuery('/catalog/context', { q }));
export const setColumnTag = (id: string, body: ColumnTagRequest) =>
  api<ColumnTagEntry[]>(`/connections/${id}/schema/tags`, { method: 'PUT', body });
export const fetchColumnTags = (id: string) =>
  api<ColumnTagEntry[]>(`/connections/${id}/schema/tags`);
