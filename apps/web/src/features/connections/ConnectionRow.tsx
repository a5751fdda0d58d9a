import {
  Box,
  Chip,
  IconButton,
  Link,
  TableCell,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import PlayCircleOutline from '@mui/icons-material/PlayCircleOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import SyncIcon from '@mui/icons-material/Sync';
import Block from '@mui/icons-material/Block';
import PowerSettingsNew from '@mui/icons-material/PowerSettingsNew';
import TerminalOutlined from '@mui/icons-material/TerminalOutlined';
import EditNoteOutlined from '@mui/icons-material/EditNoteOutlined';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import {
  PURPOSE_LABELS,
  QUERYABLE_DB_TYPES,
  type Connection,
  type DbType,
  type HealthHour,
} from '@sluice/contracts';
import { isSyncing } from './useConnections';
import { relativeTime } from '../../lib/relativeTime';
import { SchemaChip } from '../catalog/SchemaChip';
import { DB_TYPE_CONFIG } from './dbTypeConfig';
import { StatusChip } from './StatusChip';
import { HealthDot } from './HealthDot';
import { HealthSparkline } from './HealthSparkline';

interface Props {
  connection: Connection;
  testing: boolean;
  can: { test: boolean; write: boolean; delete: boolean; query: boolean; govern: boolean };
  onTest: (connection: Connection) => void;
  onEdit: (connection: Connection) => void;
  onDelete: (connection: Connection) => void;
  onSync: (connection: Connection) => void;
  onSetActive: (connection: Connection, isActive: boolean) => void;
  onWriteCredential: (connection: Connection) => void;
  /** The last 24 hours of checks, when known. */
  hours?: HealthHour[] | undefined;
}

const QUERYABLE = new Set<DbType>(QUERYABLE_DB_TYPES);

export function ConnectionRow({
  connection,
  testing,
  can,
  onTest,
  onEdit,
  onDelete,
  onSync,
  onSetActive,
  onWriteCredential,
  hours,
}: Props) {
  const off = !connection.isActive;
  const navigate = useNavigate();
  const type = DB_TYPE_CONFIG[connection.dbType];
  const action = (label: string, icon: React.ReactNode, onClick: () => void, disabled = false) => (
    <Tooltip title={label}>
      <span>
        <IconButton aria-label={label} onClick={onClick} disabled={disabled} size="small">
          {icon}
        </IconButton>
      </span>
    </Tooltip>
  );
  return (
    <TableRow hover sx={off ? { '& td': { color: 'text.disabled' } } : undefined}>
      <TableCell sx={{ minWidth: 140 }}>
        <Link
          component={RouterLink}
          to={`/connections/${connection.id}`}
          title="Open its page: settings, last test, schema, activity"
          underline="hover"
          color="inherit"
          sx={{ fontWeight: 700 }}
        >
          {connection.name}
        </Link>
        {connection.description && (
          <div style={{ opacity: 0.7, fontSize: '0.8rem', overflowWrap: 'break-word' }}>
            {connection.description}
          </div>
        )}
        <div style={{ opacity: 0.7, fontSize: '0.75rem' }}>
          {[
            connection.purpose && PURPOSE_LABELS[connection.purpose],
            connection.provisionedFrom
              ? `managed by ${connection.provisionedFrom}`
              : connection.createdByName && `by ${connection.createdByName}`,
            connection.aiAccess !== 'off' &&
              `AI: ${connection.aiAccess === 'query' ? 'catalog and queries' : 'catalog only'}`,
            !connection.isActive && 'disabled',
          ]
            .filter(Boolean)
            .join(' · ')}
        </div>
      </TableCell>
      <TableCell>
        <Chip size="small" label={type.label} color={type.color} variant="outlined" />
      </TableCell>
      <TableCell sx={{ overflowWrap: 'break-word' }}>
        {connection.host ? (
          <>
            {connection.host}
            <wbr />:{connection.port}
            {connection.sshTunnel && (
              <Typography variant="caption" color="text.secondary" component="div">
                via SSH {connection.sshTunnel.host}
              </Typography>
            )}
          </>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell sx={{ overflowWrap: 'break-word' }}>{connection.databaseName ?? '—'}</TableCell>
      <TableCell>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
          <HealthDot connection={connection} />
          {hours && <HealthSparkline hours={hours} />}
          <StatusChip connection={connection} testing={testing} />
        </Box>
      </TableCell>
      <TableCell>
        <SchemaChip
          connection={connection}
          onRetry={can.write ? () => onSync(connection) : undefined}
        />
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {connection.lastTestedAt ? (
          <time
            dateTime={connection.lastTestedAt}
            title={new Date(connection.lastTestedAt).toLocaleString()}
          >
            {relativeTime(connection.lastTestedAt)}
          </time>
        ) : (
          'Never'
        )}
      </TableCell>
      <TableCell align="right" sx={{ minWidth: 172 }}>
        {/* Up to seven actions wrap onto two lines rather than push the table past the window. */}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'flex-end', maxWidth: 180 }}>
          {can.write &&
            action(
              `Sync the schema of ${connection.name} now`,
              <SyncIcon />,
              () => onSync(connection),
              off || isSyncing(connection),
            )}
          {can.test &&
            action(
              `Test ${connection.name}`,
              <PlayCircleOutline />,
              () => onTest(connection),
              off || testing,
            )}
          {can.write &&
            action(`Edit ${connection.name}`, <EditOutlined />, () => onEdit(connection))}
          {can.write &&
            action(
              `${off ? 'Enable' : 'Disable'} ${connection.name}`,
              off ? <PowerSettingsNew color="success" /> : <Block />,
              () => onSetActive(connection, off),
            )}
          {can.query &&
            QUERYABLE.has(connection.dbType) &&
            action(
              `Query ${connection.name}`,
              <TerminalOutlined />,
              () => void navigate(`/query?connection=${connection.id}`),
              off,
            )}
          {can.govern &&
            action(
              `Write credential of ${connection.name}`,
              <EditNoteOutlined color={connection.hasWriteCredential ? 'warning' : undefined} />,
              () => onWriteCredential(connection),
            )}
          {can.delete &&
            action(`Delete ${connection.name}`, <DeleteOutline />, () => onDelete(connection))}
        </Box>
      </TableCell>
    </TableRow>
  );
}
