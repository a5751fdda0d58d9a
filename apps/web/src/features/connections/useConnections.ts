import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Connection } from '@sluice/contracts';
import {
  addSampleConnection,
  deleteConnection,
  fetchConnections,
  testSavedConnection,
  updateConnection,
  type ConnectionListParams,
} from './connectionsApi';

export const CONNECTIONS_KEY = ['connections'] as const;
/** How often a page showing a queued or running schema sync asks for its progress. */
export const SYNC_POLL_MS = 2000;

export const isSyncing = (c: Pick<Connection, 'schemaStatus'>) =>
  c.schemaStatus === 'queued' || c.schemaStatus === 'ingesting';

/** The list, keyed by page, size, sort, search and filter; polled while a sync runs on it. */
export function useConnections(params: ConnectionListParams) {
  return useQuery({
    queryKey: [...CONNECTIONS_KEY, 'list', params],
    queryFn: () => fetchConnections(params),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some(isSyncing) ? SYNC_POLL_MS : false),
  });
}

export function useDeleteConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteConnection(id),
    onSuccess: () => client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
  });
}

export function useTestSavedConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => testSavedConnection(id),
    onSettled: () => client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
  });
}

/** Disables or enables a connection (its version as If-Match, like any edit). */
export function useSetActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (c: { connection: Connection; isActive: boolean }) =>
      updateConnection(c.connection.id, { isActive: c.isActive }, c.connection.version),
    onSettled: () => client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
  });
}

/** Adds the sample database; the list shows it at once. */
export function useAddSample() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => addSampleConnection(),
    onSuccess: () => client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
  });
}
