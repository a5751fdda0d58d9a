import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchConnection } from '../connections/connectionsApi';
import {
  cancelSchemaSync,
  fetchSchema,
  fetchCatalogContext,
  fetchSchemaChanges,
  fetchCatalogConnections,
  searchCatalog,
  startSchemaSync,
  type CatalogSearchParams,
  type SchemaListParams,
} from './catalogApi';
import { CONNECTIONS_KEY, isSyncing, SYNC_POLL_MS } from '../connections/useConnections';

const SCHEMA_KEY = ['schema'] as const;

/** One connection, polled while its schema sync is queued or running. */
export function useConnection(id: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...CONNECTIONS_KEY, 'one', id],
    queryFn: () => fetchConnection(id),
    refetchInterval: (query) =>
      query.state.data && isSyncing(query.state.data) ? SYNC_POLL_MS : false,
  });
}

export function useSchema(id: string, params: SchemaListParams, ingestedAt: string | null) {
  return useQuery({
    // A finished sync changes ingestedAt, which refetches the page.
    queryKey: [...SCHEMA_KEY, id, params, ingestedAt],
    queryFn: () => fetchSchema(id, params),
    placeholderData: keepPreviousData,
    // The search index is built after the sync: its progress is followed while it runs.
    refetchInterval: (query) =>
      ['queued', 'running'].includes(query.state.data?.embedding.state ?? '') ? 2_000 : false,
  });
}

export function useSchemaChanges(id: string, ingestedAt: string | null) {
  return useQuery({
    queryKey: [...SCHEMA_KEY, id, 'changes', ingestedAt],
    queryFn: () => fetchSchemaChanges(id),
  });
}

/** Starts a sync (or returns the one already open) and refreshes the connections. */
export function useSyncSchema() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => startSchemaSync(id),
    onSettled: () => client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
  });
}

export function useCancelSchemaSync() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cancelSchemaSync(id),
    onSettled: () => client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
  });
}

/** Searches every catalog the user may read; nothing is asked below two characters. */
export function useCatalogSearch(params: CatalogSearchParams) {
  const q = params.q.trim();
  return useQuery({
    queryKey: [...SCHEMA_KEY, 'search', { ...params, q }],
    queryFn: () => searchCatalog({ ...params, q }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** The connections with a catalog, for the search's filter. */
export function useCatalogConnections() {
  return useQuery({ queryKey: [...SCHEMA_KEY, 'connections'], queryFn: fetchCatalogConnections });
}

/** The tables a question in plain words needs, as DDL: asked once typing pauses. */
export function useCatalogContext(q: string, enabled: boolean) {
  const text = q.trim();
  return useQuery({
    queryKey: [...SCHEMA_KEY, 'context', text],
    queryFn: () => fetchCatalogContext(text),
    enabled: enabled && text.length >= 2,
    placeholderData: keepPreviousData,
  });
}
