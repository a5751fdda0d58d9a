import { useQuery } from '@tanstack/react-query';
import type { HealthHistory, HealthHour } from '@sluice/contracts';
import { api, withQuery } from '../../lib/apiClient';
import { CONNECTIONS_KEY } from './useConnections';

export const fetchRecentHealth = (ids: string[]) =>
  api<Record<string, HealthHour[]>>(
    withQuery('/connections/health/recent', { ids: ids.join(',') }),
  );
export const fetchHealth = (id: string) => api<HealthHistory>(`/connections/${id}/health`);

/** The last 24 hours of the listed connections' checks, by hour, refreshed every minute. */
export function useRecentHealth(ids: string[], enabled: boolean) {
  return useQuery({
    enabled: enabled && ids.length > 0,
    // Under the connections' key: a test or an edit that refreshes the list refreshes these too.
    queryKey: [...CONNECTIONS_KEY, 'health', 'recent', ids],
    queryFn: () => fetchRecentHealth(ids),
    refetchInterval: 60_000,
  });
}

/** One connection's last 24 hours of checks, with their summary. */
export function useHealth(id: string, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: [...CONNECTIONS_KEY, 'health', id],
    queryFn: () => fetchHealth(id),
    refetchInterval: 60_000,
  });
}
