import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  deleteConnection,
  fetchConnections,
  testSavedConnection,
  type ConnectionListParams,
} from '../api/connections';

export const CONNECTIONS_KEY = ['connections'] as const;

/** The list, keyed by page, size, sort, search and filter. */
export function useConnections(params: ConnectionListParams) {
  return useQuery({
    queryKey: [...CONNECTIONS_KEY, 'list', params],
    queryFn: () => fetchConnections(params),
    placeholderData: keepPreviousData,
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
