import { Box, Button, CircularProgress } from '@mui/material';
import PlayCircleOutline from '@mui/icons-material/PlayCircleOutline';
import SyncIcon from '@mui/icons-material/Sync';
import EditOutlined from '@mui/icons-material/EditOutlined';
import Block from '@mui/icons-material/Block';
import PowerSettingsNew from '@mui/icons-material/PowerSettingsNew';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import TerminalOutlined from '@mui/icons-material/TerminalOutlined';
import { Link as RouterLink } from 'react-router-dom';
import { QUERYABLE_DB_TYPES, type Connection, type DbType } from '@sluice/contracts';
import { useNotify } from '../../lib/useNotify';
import { useSession } from '../auth/useSession';
import { useSyncSchema } from '../catalog/useSchema';
import { isSyncing, useSetActive, useTestSavedConnection } from './useConnections';

const QUERYABLE = new Set<DbType>(QUERYABLE_DB_TYPES);

interface Props {
  connection: Connection;
  onTesting: (testing: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}

/** The connection page's actions, each shown to those who may use it. */
export function ConnectionActions({ connection: c, onTesting, onEdit, onDelete }: Props) {
  const { can } = useSession();
  const notify = useNotify();
  const test = useTestSavedConnection();
  const sync = useSyncSchema();
  const setActive = useSetActive();
  const off = !c.isActive;

  const runTest = () => {
    onTesting(true);
    test.mutate(c.id, {
      onSuccess: (r) =>
        notify(
          r.success ? `Connection successful (${r.latencyMs} ms)` : r.message,
          r.success ? 'success' : 'error',
        ),
      onError: (error) => notify(error.message, 'error'),
      onSettled: () => onTesting(false),
    });
  };
  const runSync = () =>
    sync.mutate(c.id, {
      onSuccess: () => notify(`${c.name}: schema sync queued`),
      onError: (error) => notify(error.message, 'error'),
    });
  const toggle = () =>
    setActive.mutate(
      { connection: c, isActive: off },
      {
        onSuccess: () => notify(`${off ? 'Enabled' : 'Disabled'} ${c.name}`),
        onError: (error) => notify(error.message, 'error'),
      },
    );

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
      {can('connections:test') && (
        <Button
          variant="contained"
          onClick={runTest}
          disabled={off || test.isPending}
          startIcon={test.isPending ? <CircularProgress size={16} /> : <PlayCircleOutline />}
        >
          {test.isPending ? 'Testing…' : 'Test'}
        </Button>
      )}
      {can('connections:write') && (
        <Button
          onClick={runSync}
          disabled={off || isSyncing(c) || sync.isPending}
          startIcon={<SyncIcon />}
        >
          Sync now
        </Button>
      )}
      {can('connections:query') && QUERYABLE.has(c.dbType) && (
        <Button
          component={RouterLink}
          to={`/query?connection=${c.id}`}
          disabled={off}
          startIcon={<TerminalOutlined />}
        >
          Query
        </Button>
      )}
      {can('connections:write') && (
        <>
          <Button onClick={onEdit} startIcon={<EditOutlined />}>
            Edit
          </Button>
          <Button
            onClick={toggle}
            disabled={setActive.isPending}
            startIcon={off ? <PowerSettingsNew /> : <Block />}
          >
            {off ? 'Enable' : 'Disable'}
          </Button>
        </>
      )}
      {can('connections:delete') && (
        <Button color="error" onClick={onDelete} startIcon={<DeleteOutline />}>
          Delete
        </Button>
      )}
    </Box>
  );
}
