import { createContext, useContext, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest, Me, Permission } from '@sluice/contracts';
import { fetchSession, login, logout, logoutEverywhere } from './authApi';

interface Session {
  user: Me | null;
  isLoading: boolean;
  can: (permission: Permission) => boolean;
  signIn: (body: LoginRequest) => Promise<void>;
  signOut: () => Promise<void>;
  /** Ends every session of this user, on every device. */
  signOutEverywhere: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: fetchSession,
    staleTime: 60_000,
  });
  const signIn = useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      client.clear();
      client.setQueryData(ME_KEY, result.user);
    },
  });
  const signOut = useMutation({
    mutationFn: (everywhere: boolean) => (everywhere ? logoutEverywhere() : logout()),
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
  const user = me.data ?? null;
  const value: Session = {
    user,
    isLoading: me.isLoading,
    can: (permission) => user?.permissions.includes(permission) ?? false,
    signIn: async (body) => {
      await signIn.mutateAsync(body);
    },
    signOut: async () => {
      await signOut.mutateAsync(false).catch(() => undefined);
    },
    signOutEverywhere: async () => {
      await signOut.mutateAsync(true).catch(() => undefined);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
