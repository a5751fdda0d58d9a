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
import { useSession } from '../auth/useSession';
import { isSyncing } from './useConnections';
import { useConnectionCommands } from './useConnectionCommands';

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
  const commands = useConnectionCommands();
  const off = !c.isActive;

  const runTest = () => {
    onTesting(true);
    commands.test(c, () => onTesting(false));
  };

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
      {can('connections:test') && (
        <Button
          variant="contained"
          onClick={runTest}
          disabled={off || commands.testing}
          startIcon={commands.testing ? <CircularProgress size={16} /> : <PlayCircleOutline />}
        >
          {commands.testing ? 'Testing…' : 'Test'}
        </Button>
      )}
      {can('connections:write') && (
        <Button
          onClick={() => commands.sync(c)}
          disabled={off || isSyncing(c) || commands.syncing}
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
            onClick={() => commands.setActive(c, off)}
            disabled={commands.switching}
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
