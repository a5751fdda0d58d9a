import { Chip, IconButton, TableCell, TableRow, Tooltip } from '@mui/material';
import PlayCircleOutline from '@mui/icons-material/PlayCircleOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import type { Connection } from '@sluice/contracts';
import { DB_TYPE_CONFIG } from './dbTypeConfig';
import { StatusChip } from './StatusChip';

interface Props {
  connection: Connection;
  testing: boolean;
  can: { test: boolean; write: boolean; delete: boolean };
  onTest: (connection: Connection) => void;
  onEdit: (connection: Connection) => void;
  onDelete: (connection: Connection) => void;
}

export function ConnectionRow({ connection, testing, can, onTest, onEdit, onDelete }: Props) {
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
    <TableRow hover>
      <TableCell>
        <strong>{connection.name}</strong>
        {connection.description && (
          <div style={{ opacity: 0.7, fontSize: '0.8rem', overflowWrap: 'anywhere' }}>
            {connection.description}
          </div>
        )}
      </TableCell>
      <TableCell>
        <Chip size="small" label={type.label} color={type.color} variant="outlined" />
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {connection.host ? `${connection.host}:${connection.port}` : '—'}
      </TableCell>
      <TableCell sx={{ overflowWrap: 'anywhere' }}>{connection.databaseName ?? '—'}</TableCell>
      <TableCell>
        <StatusChip connection={connection} testing={testing} />
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {connection.lastTestedAt ? new Date(connection.lastTestedAt).toLocaleString() : 'Never'}
      </TableCell>
      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
        {can.test &&
          action(
            `Test ${connection.name}`,
            <PlayCircleOutline />,
            () => onTest(connection),
            testing,
          )}
        {can.write && action(`Edit ${connection.name}`, <EditOutlined />, () => onEdit(connection))}
        {can.delete &&
          action(`Delete ${connection.name}`, <DeleteOutline />, () => onDelete(connection))}
      </TableCell>
    </TableRow>
  );
}
