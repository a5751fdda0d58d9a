import type { Connection } from '@sluice/contracts';
import { useNotify } from '../../lib/useNotify';
import { useSyncSchema } from '../catalog/useSchema';
import { useSetActive, useTestSavedConnection } from './useConnections';

/** Test, sync, and disable or enable a saved connection, each saying in a notice how it went. */
export function useConnectionCommands() {
  const notify = useNotify();
  const test = useTestSavedConnection();
  const sync = useSyncSchema();
  const setActive = useSetActive();
  const failed = (error: Error) => notify(error.message, 'error');
  return {
    testing: test.isPending,
    syncing: sync.isPending,
    switching: setActive.isPending,
    test: (c: Connection, onSettled?: () => void) =>
      test.mutate(c.id, {
        onSuccess: (result) =>
          notify(
            result.success
              ? `${c.name}: connection successful (${result.latencyMs} ms)`
              : `${c.name}: ${result.message}`,
            result.success ? 'success' : 'error',
          ),
        onError: failed,
        onSettled,
      }),
    sync: (c: Connection) =>
      sync.mutate(c.id, {
        onSuccess: () => notify(`${c.name}: schema sync queued`),
        onError: failed,
      }),
    setActive: (c: Connection, isActive: boolean) =>
      setActive.mutate(
        { connection: c, isActive },
        {
          onSuccess: () => notify(`${isActive ? 'Enabled' : 'Disabled'} ${c.name}`),
          onError: failed,
        },
      ),
  };
}
