import type { ReactNode } from 'react';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../lib/apiClient';
import { NotifyProvider } from '../lib/useNotify';
import { ME_KEY, SessionProvider } from '../features/auth/useSession';
import { theme } from './theme';

/**
 * A request refused because an admin now asks this user for a new password: read the session
 * again, and the app shows the page that asks for it.
 */
function askedForNewPassword(error: unknown): boolean {
  return error instanceof ApiError && error.problem.code === 'PASSWORD_CHANGE_REQUIRED';
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (askedForNewPassword(error)) void client.invalidateQueries({ queryKey: ME_KEY });
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      <QueryClientProvider client={client}>
        <NotifyProvider>
          <SessionProvider>{children}</SessionProvider>
        </NotifyProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
